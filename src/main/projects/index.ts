import type { projectsChannels } from '@shared/contract/projects'
import type { Core, Feature } from '../core'

export function createProjectsFeature(core: Core): Feature<typeof projectsChannels> {
  const { projects } = core
  return {
    handlers: {
      'projects.list': () => projects.list(),
    },
  }
}
