import { z } from 'zod'
import { channel } from './define'
import { confirm, projectRef, userId } from './common'
import { jobId } from './jobs'
import type { AuditEntry } from '../models'
import type { ActivityEntry, ActivityPage } from '../models/activity'
import type { JobView } from '../models/jobs'

export const activityChannels = {
  /** The audit log, newest first, filtered. */
  'activity.list': channel<ActivityPage>()(
    z.strictObject({
      project: projectRef.optional(),
      userId: userId.optional(),
      /** The user's email, any case: the entries about whoever had it when each was written. */
      email: z.string().trim().min(1).max(320, 'An email is at most 320 characters.').optional(),
      action: z.string().max(100).optional(),
      jobId: jobId.optional(),
      limit: z.number().int().min(1).max(1000).default(100),
      /** Fold each job's entries into one row (its newest entry) with a summary in `jobs`. */
      groupJobs: z.boolean().default(false),
      /** The id of the last entry of the previous page. */
      before: z.string().max(64).optional(),
    }),
  ),
  /** One entry, as the Activity list shows it. */
  'activity.get': channel<ActivityEntry>()(z.strictObject({ entryId: z.string().min(1).max(64) })),
  /** Sets one entry's fields back; refuses if they changed since unless `force`. */
  'activity.undo': channel<AuditEntry>()(
    z.strictObject({ entryId: z.string().min(1).max(64), force: z.boolean().default(false), confirm }),
  ),
  /**
   * A job undoing every undoable entry of a job, newest first; its report says what was set back.
   * Started at once, or with `plan` only planned, to be previewed and started as any other job (the
   * window does that: an undo of thousands of users is seen before it is run).
   */
  'activity.undoJob': channel<JobView>()(
    z.strictObject({ jobId, force: z.boolean().default(false), plan: z.boolean().default(false), confirm }),
  ),
}

export const activityEvents = {}

/**
 * A user as a person names one to `activity.list`: an email (what a support person has) or an id.
 * An id never holds an @ (Appwrite's id rule), so the @ tells them apart.
 */
export function userFilterOf(user: string): { userId: string } | { email: string } | Record<string, never> {
  const trimmed = user.trim()
  if (!trimmed) return {}
  return trimmed.includes('@') ? { email: trimmed } : { userId: trimmed }
}
