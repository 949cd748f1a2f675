import type { Input } from '@shared/contract'
import type { projectsChannels } from '@shared/contract/projects'

export const projectsExamples: { [C in keyof typeof projectsChannels]: Input<C> } = {
  'projects.list': {},
}
