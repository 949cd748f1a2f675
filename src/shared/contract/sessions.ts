import { z } from 'zod'
import { channel } from './define'
import { appwriteId, confirm, projectRef, userId } from './common'
import { selection } from './jobs'
import type { JobView } from '../models/jobs'
import type { SessionView } from '../models/sessions'

export const sessionsChannels = {
  'sessions.list': channel<SessionView[]>()(z.strictObject({ project: projectRef, userId })),
  /** Ends one session, or all of the user's sessions when `sessionId` is left out. */
  'sessions.kill': channel<{ ended: number }>()(
    z.strictObject({ project: projectRef, userId, sessionId: appwriteId.optional(), confirm }),
  ),
  /** Plans a job ending every session of the selection; preview with jobs.preview, run with jobs.start. */
  'sessions.bulkKill': channel<JobView>()(z.strictObject({ project: projectRef, selection })),
  /** Plans the incident job: block the users and end all their sessions (the block can be undone). */
  'sessions.lockOut': channel<JobView>()(z.strictObject({ project: projectRef, selection })),
}

export const sessionsEvents = {}
