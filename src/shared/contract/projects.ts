import { channel, event } from './define'
import { empty } from './common'
import type { ProjectView } from '../models'

export const projectsChannels = {
  'projects.list': channel<ProjectView[]>()(empty),
}

export const projectsEvents = {
  /** A project's reachability or scopes changed; the whole view is sent so the renderer just replaces it. */
  'projects.changed': event<ProjectView>(),
}
