import { isDeepStrictEqual } from 'node:util'
import { AppErrorException } from '@shared/errors'
import type { Core } from '../core'
import { recordWrite, undoOf } from '../audit/record-write'
import { canUndo, undoEntry } from '../audit/undo'
import type { ResolvedProject } from '../projects/projects-service'
import type { JobKind } from './job-kind'

export interface UndoJobParams {
  /** The job whose changes are set back. */
  jobId: string
  force: boolean
}

/** One user's undoable entries of the job, newest first: they are set back in that order. */
interface UndoRowData {
  entryIds: string[]
}

/**
 * Sets back every undoable change a job made, user by user, newest entry first, through `undoEntry`
 * (which refuses to overwrite a later edit unless forced). Ended sessions cannot be brought back and
 * are left out; the report says what was set back and what was refused.
 */
export function undoJobKind(core: Core): JobKind<UndoJobParams, UndoRowData> {
  return {
    kind: 'undo',
    destructive: false,
    snapshotRows: true,
    async *rows(params) {
      const byUser = new Map<string, { label: string; entryIds: string[] }>()
      for (const entry of core.audit.list({ jobId: params.jobId })) {
        if (!canUndo(entry) || core.audit.isUndone(entry.id)) continue
        // Named as the person was at the write (the newest entry comes first), as Activity names them.
        const user = byUser.get(entry.userId!) ?? { label: entry.userLabel || entry.userId!, entryIds: [] }
        user.entryIds.push(entry.id)
        byUser.set(entry.userId!, user)
      }
      for (const [userId, { label, entryIds }] of byUser) yield { key: userId, label, data: { entryIds } }
    },
    async preview(row) {
      const entries = row.data.entryIds.map((id) => core.audit.get(id)!).filter(Boolean)
      const oldest = entries.at(-1)
      const newest = entries[0]
      return {
        key: row.key,
        label: row.label,
        action: 'change',
        before: newest?.after ?? {},
        after: oldest?.before ?? {},
      }
    },
    async apply(row, params, ctx) {
      let undone = 0
      for (const id of row.data.entryIds) {
        if (core.audit.isUndone(id)) continue
        try {
          await undoEntry(core, id, params.force, ctx.jobId, ctx.confirm)
        } catch (err) {
          if (!(await settledByLostCall(core, ctx.project, id, err, ctx.jobId))) throw err
        }
        undone++
      }
      return undone === 0 ? { outcome: 'skipped', reason: 'Already undone.' } : { outcome: 'done' }
    },
    async reconcile(row) {
      return row.data.entryIds.every((id) => core.audit.isUndone(id)) ? 'done' : 'not-done'
    },
  }
}

/**
 * A retry after a lost answer finds the user already set back, and `undoEntry` calls that a later
 * change (conflict). If the fields are exactly the entry's `before`, it was our own call: log the
 * undo it was, so the row is done and not failed.
 */
async function settledByLostCall(
  core: Core,
  project: ResolvedProject,
  entryId: string,
  err: unknown,
  jobId: string,
) {
  if (!(err instanceof AppErrorException) || err.error.code !== 'conflict') return false
  const entry = core.audit.get(entryId)
  if (!entry?.userId || !entry.before) return false
  const current = (await project.clients.users.get({ userId: entry.userId })) as unknown as Record<
    string,
    unknown
  >
  if (!Object.entries(entry.before).every(([k, v]) => isDeepStrictEqual(current[k], v))) return false
  recordWrite(core.audit, project, {
    ...undoOf(entry, jobId),
    userId: entry.userId,
    user: current,
    before: entry.after,
    after: entry.before,
  })
  return true
}
