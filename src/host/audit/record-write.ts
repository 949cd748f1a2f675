import type { AuditEntry } from '@shared/models'
import type { ResolvedProject } from '../projects/projects-service'
import type { AuditInput, AuditLog } from './audit-log'

/** What a write changed: the action, whose, and before/after of exactly what it touched. */
export type WriteRecord = Pick<AuditInput, 'action' | 'userId' | 'before' | 'after'> & {
  /** The bulk job it was part of. */
  jobId?: string | undefined
  /** The entry it reverses. */
  undoOf?: string | undefined
  /** The user as read for the write, so the entry names them; else `after` and `before` are looked in. */
  user?: WhoFields | undefined
}

type WhoFields = { name?: unknown; email?: unknown; phone?: unknown }

/**
 * The first of `fields` the user had at the write, in that order: from the user as read when there is
 * one; else from the first side that has it (a side may be a target or an identity, whose `name` is
 * not the user's).
 */
function whoAtWrite(write: WriteRecord, fields: readonly (keyof WhoFields)[]): string | undefined {
  const sides = (write.user ? [write.user] : [write.after, write.before]) as (WhoFields | null | undefined)[]
  for (const field of fields) {
    for (const side of sides) {
      const value = side?.[field]
      if (typeof value === 'string' && value !== '') return value
    }
  }
  return undefined
}

/**
 * The user a write was about, read for its entry's label when the write itself returns no user (a
 * target, a sign-in token, recovery codes). A user who cannot be read leaves the entry unlabelled:
 * the write happened and is recorded all the same.
 */
export async function whoIs(project: ResolvedProject, userId: string): Promise<WhoFields | undefined> {
  return project.clients.users.get({ userId }).then(
    (user) => user,
    () => undefined,
  )
}

/**
 * What an undo of `entry` is recorded as: named after it and linked to it, in the undo job it runs
 * in (if any), not the original's job, so an undo job is a job of its own in Activity.
 */
export function undoOf(entry: AuditEntry, jobId?: string): Pick<WriteRecord, 'action' | 'undoOf' | 'jobId'> {
  return { action: `undo ${entry.action}`, undoOf: entry.id, jobId }
}

/**
 * The one way a write reaches the audit log: attributed to the project it went to and the key that
 * made it (its last four characters). It returns the entry it appended, so a caller holds its own
 * entry and never has to look for "the newest", which a concurrent job may have written.
 */
export function recordWrite(audit: AuditLog, project: ResolvedProject, write: WriteRecord): AuditEntry {
  const { jobId, undoOf } = write
  // The name, else the email, else the phone: the Activity list shows it beside the id, so the log
  // reads as people. The email alone too, as a support person searches the log by it.
  const userLabel = whoAtWrite(write, ['name', 'email', 'phone'])
  const userEmail = whoAtWrite(write, ['email'])
  return audit.record({
    project: project.entry.id,
    projectName: project.entry.name,
    keyLastFour: project.keyLastFour,
    action: write.action,
    userId: write.userId,
    ...(userLabel ? { userLabel } : {}),
    ...(userEmail ? { userEmail } : {}),
    before: write.before,
    after: write.after,
    ...(jobId ? { jobId } : {}),
    ...(undoOf ? { undoOf } : {}),
    ...(project.place ? { place: project.place } : {}),
    ...(project.connection ? { connection: project.connection } : {}),
  })
}
