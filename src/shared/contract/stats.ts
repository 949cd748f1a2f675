import { z } from 'zod'
import { channel } from './define'
import { projectRef } from './common'
import type { ProjectStats } from '../models/stats'

export const statsChannels = {
  /** A project's figures, from the cache unless `refresh` (a job of Userdeck's own also clears it). */
  'stats.project': channel<ProjectStats>()(
    z.strictObject({ project: projectRef, refresh: z.boolean().default(false) }),
  ),
}

export const statsEvents = {}
