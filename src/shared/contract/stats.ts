import { z } from 'zod'
import { channel, event } from './define'
import { projectRef } from './common'
import type { ProjectStats } from '../models/stats'

export const statsChannels = {
  /** A project's figures, from the cache unless `refresh` (a job of Userdeck's own also clears it). */
  'stats.project': channel<ProjectStats>()(
    z.strictObject({ project: projectRef, refresh: z.boolean().default(false) }),
  ),
}

export const statsEvents = {
  /** Users read so far by a project's counting pass while `stats.project` works; at most ten a second. */
  'stats.progress': event<{ project: string; users: number }>(),
}
