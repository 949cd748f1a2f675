import type { Core } from '../core'
import {
  appwriteStatus,
  createUser,
  getUser,
  isOwnEarlierAttempt,
  remainingSteps,
  runSteps,
} from '../import/import-job'
import type { ImportPassword, ImportUser } from '../import/user-mapper'
import type { JobContext, JobKind, RowResult } from '../jobs/job-kind'
import { userLabel } from '../jobs/selection'
import { DELETE_KIND } from './delete-kind'
import type { RestoreCopy, RestoreVault } from './restore-vault'
import { recordWrite } from '../audit/record-write'

export const RESTORE_KIND = 'users.restore'

export interface RestoreJobParams {
  /** The delete job whose users come back. */
  jobId: string
  /** Only these users (one activity entry's undo); all of the job's when left out. */
  userIds?: string[]
}

/** The password as the import path takes it: Appwrite's own hash name and options, as stored. */
function passwordOf(copy: RestoreCopy): ImportPassword | null {
  if (!copy.password || !copy.hash) return null
  const o = copy.hashOptions ?? {}
  const str = (k: string) => String(o[k] ?? '')
  const num = (k: string) => Number(o[k])
  switch (copy.hash) {
    case 'sha':
      return { type: 'sha', value: copy.password, options: { shaVersion: (o.version ?? 'sha256') as never } }
    case 'scrypt':
      return {
        type: 'scrypt',
        value: copy.password,
        options: {
          scrypt: {
            salt: str('salt'),
            costCpu: num('costCpu'),
            costMemory: num('costMemory'),
            costParallel: num('costParallel'),
            length: num('length'),
          },
        },
      }
    case 'scryptMod':
      return {
        type: 'scryptMod',
        value: copy.password,
        options: {
          scryptMod: { salt: str('salt'), saltSeparator: str('saltSeparator'), signerKey: str('signerKey') },
        },
      }
    case 'argon2':
    case 'bcrypt':
    case 'md5':
    case 'phpass':
      return { type: copy.hash, value: copy.password, options: {} }
    default:
      return null
  }
}

/** A restore copy as one import row: the same calls bring it back that bring in an imported user. */
export function toImportUser(copy: RestoreCopy): ImportUser {
  // Appwrite takes a password hash only together with an email.
  const password = copy.email ? passwordOf(copy) : null
  return {
    row: 0,
    id: copy.id,
    email: copy.email,
    phone: copy.phone,
    name: copy.name,
    password,
    labels: copy.labels,
    prefs: copy.prefs,
    emailVerification: copy.emailVerification,
    phoneVerification: copy.phoneVerification,
    status: copy.status,
    given: { name: true, labels: true, prefs: true, emailVerification: true, phoneVerification: true },
  }
}

/**
 * Brings back the users of a delete job from its restore copies, each with the same id and password
 * hash, through the import's create path. A user someone else created meanwhile under that id (or
 * with that email or phone) is reported and left alone, never overwritten.
 */
export function restoreKind(core: Core, vault: RestoreVault): JobKind<RestoreJobParams, RestoreCopy> {
  /** Rows whose create may have reached the server: only for these is an existing user our own. */
  const attempted = new Set<string>()

  const record = (ctx: JobContext, params: RestoreJobParams, copy: RestoreCopy) => {
    const deleted = core.audit.list({
      jobId: params.jobId,
      userId: copy.id,
      action: DELETE_KIND,
      limit: 1,
    })[0]
    recordWrite(core.audit, ctx.project, {
      action: `undo ${DELETE_KIND}`,
      userId: copy.id,
      before: null,
      after: { id: copy.id, email: copy.email, phone: copy.phone, name: copy.name, labels: copy.labels },
      jobId: ctx.jobId,
      undoOf: deleted?.id,
    })
  }

  const restored = (copy: RestoreCopy): RowResult => ({
    outcome: 'done',
    reason:
      copy.password && !copy.email
        ? 'Recreated with the same id; its password could not be (Appwrite takes a hash only with an email).'
        : 'Recreated with the same id and password.',
    after: { exists: true },
  })

  return {
    kind: RESTORE_KIND,
    destructive: false,
    // The rows are the sealed copies themselves: never written to disk in the clear.
    snapshotRows: false,
    async *rows(params) {
      const only = params.userIds ? new Set(params.userIds) : undefined
      for await (const copy of vault.read(params.jobId, only))
        yield { key: copy.id, label: userLabel({ $id: copy.id, ...nonNull(copy) }), data: copy }
    },
    async preview(row, _params, ctx) {
      const existing = await getUser(ctx.project.clients.users, row.key)
      if (existing)
        return {
          key: row.key,
          label: row.label,
          action: 'skip',
          reason: 'A user with this id exists now; it is left as it is.',
          before: { exists: true },
        }
      return {
        key: row.key,
        label: row.label,
        action: 'change',
        reason: row.data.password ? `Recreate with its ${row.data.hash} password.` : 'Recreate.',
        before: { exists: false },
        after: { exists: true },
      }
    },
    async apply(row, params, ctx) {
      const users = ctx.project.clients.users
      const user = toImportUser(row.data)
      const mark = `${ctx.jobId}:${row.key}`
      const continuing = attempted.has(mark)
      attempted.add(mark)
      try {
        const created = await createUser(users, user)
        await runSteps(remainingSteps(users, user, created))
      } catch (err) {
        if (appwriteStatus(err)?.code !== 409) throw err
        const existing = await getUser(users, row.key)
        if (!existing || !continuing || !(await isOwnEarlierAttempt(user, existing))) {
          attempted.delete(mark)
          return {
            outcome: 'skipped',
            reason: existing
              ? 'Recreated meanwhile by someone else; left as it is.'
              : `${row.data.email ?? row.data.phone} belongs to another user now; not recreated.`,
          }
        }
        // Our own earlier create: a retry after a lost answer, or after a later step failed.
        await runSteps(remainingSteps(users, user, existing))
      }
      attempted.delete(mark)
      record(ctx, params, row.data)
      return restored(row.data)
    },
    async reconcile(row, _params, ctx) {
      attempted.add(`${ctx.jobId}:${row.key}`)
      const users = ctx.project.clients.users
      const user = toImportUser(row.data)
      const existing = await getUser(users, row.key)
      if (!existing || !(await isOwnEarlierAttempt(user, existing))) return 'not-done'
      return remainingSteps(users, user, existing).length === 0 ? 'done' : 'not-done'
    },
  }
}

function nonNull(copy: RestoreCopy): { email?: string; phone?: string; name?: string } {
  return {
    ...(copy.email ? { email: copy.email } : {}),
    ...(copy.phone ? { phone: copy.phone } : {}),
    ...(copy.name ? { name: copy.name } : {}),
  }
}
