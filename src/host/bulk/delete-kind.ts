import { Query } from 'node-appwrite'
import { fail } from '@shared/errors'
import type { Selection } from '@shared/models/jobs'
import type { Core } from '../core'
import { getUser } from '../import/import-job'
import type { JobContext, JobKind, RowResult } from '../jobs/job-kind'
import { selectUsers, userLabel } from '../jobs/selection'
import { toUserRecord } from '../users/user-record'
import { copyOf, RESTORE_KEEP_DAYS, type RestoreVault } from './restore-vault'
import { recordWrite } from '../audit/record-write'

export const DELETE_KIND = 'users.delete'

export interface DeleteJobParams {
  selection: Selection
  /** Seal a restore copy of each user before deleting it (false only when the person accepted none). */
  keepCopies: boolean
}

interface DeleteRowData {
  exists: boolean
}

/** What goes with a user and cannot be brought back: Appwrite has no way to recreate any of it. */
async function lostWith(ctx: JobContext, userId: string): Promise<Record<string, number>> {
  const users = ctx.project.clients.users
  const [sessions, identities, targets, memberships] = await Promise.all([
    users.listSessions({ userId }),
    users.listIdentities({ queries: [Query.equal('userId', userId), Query.limit(1)] }),
    users.listTargets({ userId, queries: [Query.limit(1)] }),
    users.listMemberships({ userId, queries: [Query.limit(1)] }),
  ])
  return {
    sessions: sessions.total,
    identities: identities.total,
    targets: targets.total,
    memberships: memberships.total,
  }
}

/**
 * Deletes every selected user, first sealing a restore copy of each (id, contact, name, password
 * hash with its algorithm and options, labels, prefs, verification, status, registration) so the
 * job can be undone. The audit entry holds who the user was, never the hash.
 */
export function deleteKind(core: Core, vault: RestoreVault): JobKind<DeleteJobParams, DeleteRowData> {
  const kept = (days = RESTORE_KEEP_DAYS) => `an encrypted restore copy is kept for ${days} days`
  const record = (ctx: JobContext, before: Record<string, unknown>, userId: string) =>
    recordWrite(core.audit, ctx.project, {
      action: DELETE_KIND,
      userId,
      before,
      after: null,
      jobId: ctx.jobId,
    })

  return {
    kind: DELETE_KIND,
    destructive: true,
    snapshotRows: true,
    async *rows(params, ctx) {
      for await (const user of selectUsers(ctx.project, params.selection, ctx.signal)) {
        yield 'missing' in user
          ? { key: user.$id, label: user.$id, data: { exists: false } }
          : { key: user.$id, label: userLabel(user), data: { exists: true } }
      }
    },
    async preview(row, params, ctx) {
      if (!row.data.exists)
        return { key: row.key, label: row.label, action: 'fail', reason: 'No user with this id.' }
      const lost = await lostWith(ctx, row.key)
      return {
        key: row.key,
        label: row.label,
        action: 'change',
        reason: params.keepCopies
          ? `Deleted; ${kept()}. Sessions, identities, targets and memberships cannot come back.`
          : 'Deleted for good: no restore copy is kept.',
        before: { exists: true, ...lost },
        after: { exists: false },
        lost,
      }
    },
    async apply(row, params, ctx): Promise<RowResult> {
      if (!row.data.exists) return { outcome: 'skipped', reason: 'No user with this id.' }
      const users = ctx.project.clients.users
      const user = await getUser(users, row.key)
      if (!user) {
        // Gone already: by our own call whose answer was lost (its copy is sealed), or by someone else.
        if (params.keepCopies && vault.has(ctx.jobId, row.key))
          return { outcome: 'done', reason: `Deleted; ${kept()}.` }
        return { outcome: 'skipped', reason: 'Already deleted by someone else; no copy kept.' }
      }
      if (params.keepCopies) {
        if (!(await vault.available()))
          fail(
            'keychain_unavailable',
            'No OS keychain is reachable, so no restore copy can be kept; the user was not deleted.',
          )
        await vault.keep(ctx.jobId, copyOf(user))
      }
      await users.delete({ userId: row.key })
      record(ctx, { ...toUserRecord(user) }, row.key)
      return {
        outcome: 'done',
        reason: params.keepCopies ? `Deleted; ${kept()}.` : 'Deleted; no restore copy kept.',
        before: { exists: true },
        after: { exists: false },
      }
    },
    async reconcile(row, _params, ctx) {
      return (await getUser(ctx.project.clients.users, row.key)) ? 'not-done' : 'done'
    },
  }
}
