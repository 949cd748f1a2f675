import { z } from 'zod'
import { channel, event } from './define'
import { projectRef } from './common'
import type { CountedUsers, ProjectStats } from '../models/stats'

export const statsChannels = {
  /** A project's figures, from the cache unless `refresh` (a job of Userdeck's own also clears it). */
  'stats.project': channel<ProjectStats>()(
    z.strictObject({ project: projectRef, refresh: z.boolean().default(false) }),
  ),
  /**
   * The users the project's last finished count found, if it is still cached; null if there is none.
   * Never starts a count: at 100,000 users one reads for a minute.
   */
  'stats.counted': channel<CountedUsers | null>()(z.strictObject({ project: projectRef })),
}

export const statsEvents = {
  /** Users read so far by a project's counting pass while `stats.project` works; at most ten a second. */
  'stats.progress': event<{ project: string; users: number }>(),
}
