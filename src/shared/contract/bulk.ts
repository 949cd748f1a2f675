import { z } from 'zod'
import { channel } from './define'
import { projectRef } from './common'
import { jobId, selection } from './jobs'
import { bulkUserChanges, type RestoreInfo } from '../models/bulk'
import type { JobView } from '../models/jobs'

export const bulkChannels = {
  /**
   * Plans a job deleting every selected user; preview with jobs.preview (it counts the sessions,
   * identities, targets and memberships that go with them), run with jobs.start, take back with
   * activity.undoJob. Refused where no keychain can hold the restore copies' key unless
   * `withoutRestoreCopy` says the person accepts that the users cannot be brought back.
   */
  'users.bulkDelete': channel<JobView>()(
    z.strictObject({ project: projectRef, selection, withoutRestoreCopy: z.boolean().default(false) }),
  ),
  /** Plans a job blocking, unblocking or (un)verifying every selected user; audited, undoable. */
  'users.bulkChange': channel<JobView>()(
    z.strictObject({ project: projectRef, selection, change: z.enum(bulkUserChanges) }),
  ),
  /** What a delete job kept to bring its users back, and until when. */
  'users.restoreInfo': channel<RestoreInfo>()(z.strictObject({ jobId })),
}

export const bulkEvents = {}
