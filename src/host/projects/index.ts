import type { projectsChannels } from '@shared/contract/projects'
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
      'projects.setKey': ({ project, key }) => projects.setKey(project, key),
      'projects.deleteKey': ({ project }) => projects.deleteKey(project),
      'projects.remove': ({ project, confirm }) => projects.remove(project, confirm),
      'projects.reorder': ({ order }) => projects.reorder(order),
      'projects.check': ({ project }) => projects.check(project),
      'projects.test': (input) => projects.testDraft(input),
      'projects.export': async () => projects.exportDefinitions(),
      'projects.import': ({ json }) => projects.importDefinitions(json),
    },
    async close() {
      unsubscribe()
      projects.close()
    },
  }
}
