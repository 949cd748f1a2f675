import { isDeepStrictEqual } from 'node:util'
import type { BulkUserChange } from '@shared/models/bulk'
import type { Selection } from '@shared/models/jobs'
import type { Core } from '../core'
import type { JobKind } from '../jobs/job-kind'
import { selectUsers, userLabel } from '../jobs/selection'
import type { UserChange } from '../users/user-writer'
import { recordWrite } from '../audit/record-write'

export const CHANGE_KIND = 'users.change'

export interface ChangeJobParams {
  selection: Selection
  change: BulkUserChange
}

/** The one field each bulk change sets, and to what. */
export const changeFields: Record<BulkUserChange, UserChange> = {
  block: { status: false },
  unblock: { status: true },
  verifyEmail: { emailVerification: true },
  unverifyEmail: { emailVerification: false },
  verifyPhone: { phoneVerification: true },
  unverifyPhone: { phoneVerification: false },
}

export const changeTitles: Record<BulkUserChange, string> = {
  block: 'Block',
  unblock: 'Unblock',
  verifyEmail: 'Mark the email verified of',
  unverifyEmail: 'Mark the email unverified of',
  verifyPhone: 'Mark the phone verified of',
  unverifyPhone: 'Mark the phone unverified of',
}

/** The user's value of the changed field, as the audit log and the preview show it. */
type Fields = Record<string, unknown>

interface ChangeRowData {
  /** The field's value when the selection was read; null for an id that does not exist. */
  before: Fields | null
}

const pick = (user: object, change: UserChange): Fields =>
  Object.fromEntries(Object.keys(change).map((k) => [k, (user as Fields)[k]]))

/**
 * Blocks, unblocks or marks verified/unverified every selected user, through the UserWriter (guard
 * and audit), so the job's undo sets each user's field back.
 */
export function changeKind(core: Core): JobKind<ChangeJobParams, ChangeRowData> {
  /** Rows whose write was sent: a retry that finds the field set is "done" (and audited), not "skipped". */
  const sent = new Map<string, Fields>()
  return {
    kind: CHANGE_KIND,
    destructive: false,
    snapshotRows: true,
    async *rows(params, ctx) {
      const change = changeFields[params.change]
      for await (const user of selectUsers(ctx.project, params.selection, ctx.signal)) {
        yield 'missing' in user
          ? { key: user.$id, label: user.$id, data: { before: null } }
          : { key: user.$id, label: userLabel(user), data: { before: pick(user, change) } }
      }
    },
    async preview(row, params) {
      if (!row.data.before)
        return { key: row.key, label: row.label, action: 'fail', reason: 'No user with this id.' }
      const after = changeFields[params.change] as Fields
      if (isDeepStrictEqual(row.data.before, after))
        return { key: row.key, label: row.label, action: 'skip', reason: 'Already so.', before: after }
      return { key: row.key, label: row.label, action: 'change', before: row.data.before, after }
    },
    async apply(row, params, ctx) {
      const change = changeFields[params.change]
      const user = await ctx.project.clients.users.get({ userId: row.key })
      const before = pick(user, change)
      const k = `${ctx.jobId}/${row.key}`
      if (isDeepStrictEqual(before, change)) {
        const seen = sent.get(k)
        sent.delete(k)
        if (!seen) return { outcome: 'skipped', reason: 'Already so.' }
        // Our write went through but its answer was lost: log it as the write it was.
        recordWrite(core.audit, ctx.project, {
          action: CHANGE_KIND,
          userId: row.key,
          user,
          before: seen,
          after: { ...change },
          jobId: ctx.jobId,
        })
        return { outcome: 'done', before: seen, after: { ...change } }
      }
      sent.set(k, before)
      await core.writer.apply(ctx.project, user, change, {
        action: CHANGE_KIND,
        jobId: ctx.jobId,
        confirm: ctx.confirm,
      })
      sent.delete(k)
      return { outcome: 'done', before, after: { ...change } }
    },
    async reconcile(row, params, ctx) {
      const user = await ctx.project.clients.users.get({ userId: row.key })
      return isDeepStrictEqual(pick(user, changeFields[params.change]), changeFields[params.change])
        ? 'done'
        : 'not-done'
    },
  }
}
