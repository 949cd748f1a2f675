import type { projectsChannels } from '@shared/contract/projects'
import { fail } from '@shared/errors'
import type { Core, Feature } from '../core'

export function createProjectsFeature(core: Core): Feature<typeof projectsChannels> {
  const { projects } = core
  const unsubscribe = projects.onChange((view) => core.events.emit('projects.changed', view))
  return {
    handlers: {
      'projects.list': async ({ watch }) => {
        const views = await projects.list()
        if (watch) projects.watch()
        return views
      },
      'projects.add': (input) => projects.add(input),
      'projects.update': (input) => projects.update(input),
      'projects.setKey': ({ project, key, proof }) => projects.setKey(project, key, proof),
      'projects.deleteKey': ({ project, proof }) => projects.deleteKey(project, proof),
      'projects.remove': ({ project, confirm, proof }) => projects.remove(project, confirm, proof),
      'projects.reorder': ({ order }) => projects.reorder(order),
      'projects.check': ({ project }) => projects.check(project),
      'projects.test': (input) => projects.testDraft(input),
      'projects.find': ({ nameOrId }) => {
        const entries = projects.entries()
        const lower = nameOrId.toLowerCase()
        const found =
          entries.find((e) => e.id === nameOrId) ??
          entries.find((e) => e.name === nameOrId) ??
          entries.find((e) => e.name.toLowerCase() === lower)
        if (!found) fail('not_found', `No project is named "${nameOrId}".`)
        return projects.view(found)
      },
      'projects.connect': ({ allowInsecureHttp: _accepted, ...connection }) =>
        projects.view(projects.entry(projects.registerAdhoc(connection))),
      'projects.export': async () => projects.exportDefinitions(),
      'projects.import': ({ json }) => projects.importDefinitions(json),
    },
    async close() {
      unsubscribe()
      projects.close()
    },
  }
}
