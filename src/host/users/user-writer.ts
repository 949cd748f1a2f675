import type { Models } from 'node-appwrite'
import { lacking } from '@shared/appwrite-versions'
import { AppErrorException, fail, type AppError } from '@shared/errors'
import type { AuditEntry, UserRecord } from '@shared/models'
import { verificationOf } from '@shared/user-fields'
import type { AuditLog } from '../audit/audit-log'
import { recordWrite } from '../audit/record-write'
import type { ProjectsService, ResolvedProject } from '../projects/projects-service'
import { toUserRecord } from './user-record'
import { partialSave, PartialWriteError, updateRefusal } from './write-errors'

/** The fields Userdeck changes on a user and can set back, in the order they are applied. */
export const userFields = [
  'name',
  'email',
  'phone',
  'status',
  'labels',
  'emailVerification',
  'phoneVerification',
  'prefs',
  'mfa',
  'impersonator',
] as const
export type UserField = (typeof userFields)[number]

export interface UserChange {
  name?: string
  email?: string
  phone?: string
  status?: boolean
  labels?: string[]
  emailVerification?: boolean
  phoneVerification?: boolean
  prefs?: Record<string, unknown>
  mfa?: boolean
  impersonator?: boolean
}

export interface WriteMeta {
  /** What the audit log calls it: `users.update`, `labels.add`, `users.lockOut`… */
  action: string
  jobId?: string
  undoOf?: string
  /** The confirmation the person gave for this write (or for the job it belongs to); see guardWrite. */
  confirm?: string | undefined
}

type AppwriteUser = Models.User<Models.Preferences>

/** A change made: the user as it now is, and the change's own audit entry (none when nothing was touched). */
export interface Written {
  user: UserRecord
  entry: AuditEntry | null
}

/**
 * Every change to a user's fields goes through here: the project's write guard, one read for
 * "before", the calls, and one audit entry with before and after of exactly the fields touched —
 * also when a later field fails, so the log never misses a write that happened. A refused field is
 * named in words; when others were saved before it, a PartialWriteError says which.
 */
export class UserWriter {
  constructor(
    private readonly projects: ProjectsService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * `change` may be computed from the user as read just now (read-modify-write), so a relative edit
   * such as "add this label" never overwrites what changed since the caller last looked.
   */
  async update(
    ref: string,
    userId: string,
    change: UserChange | ((current: AppwriteUser) => UserChange),
    meta: WriteMeta,
  ): Promise<Written> {
    const project = await this.projects.resolveForWrite(ref, { confirm: meta.confirm })
    const current = await project.clients.users.get({ userId })
    return this.apply(project, current, typeof change === 'function' ? change(current) : change, meta)
  }

  /** For callers that have just read the user (a bulk job's row): saves the second read. */
  async apply(
    project: ResolvedProject,
    current: AppwriteUser,
    change: UserChange,
    meta: WriteMeta,
  ): Promise<Written> {
    this.projects.guardWrite(project.entry.id, { confirm: meta.confirm })
    // A server before 1.9 has no such flag: say so rather than pass on its 404.
    const server = change.impersonator !== undefined ? await project.server() : null
    const noImpersonation = server ? lacking(server, 'impersonator') : null
    if (noImpersonation) fail('invalid_input', noImpersonation, { field: 'impersonator' })
    const before = toUserRecord(current)
    const touched = userFields.filter((f) => change[f] !== undefined)
    let latest: AppwriteUser = current
    const applied: UserField[] = []
    let refused: AppError | null = null
    for (const field of touched) {
      try {
        latest = await this.write(project, current.$id, field, change)
      } catch (err) {
        refused = await updateRefusal(project.clients.users, current.$id, field, change[field], err)
        break
      }
      applied.push(field)
    }
    const after = toUserRecord(latest)
    // A new email or phone comes unverified: the entry records the flag too, so that undoing the
    // change verifies the old address again, as it was.
    const cleared: UserField[] = Object.entries(verificationOf).flatMap(([address, flag]) =>
      applied.includes(address as UserField) && before[flag] !== after[flag] ? [flag] : [],
    )
    const changed = userFields.filter((f) => applied.includes(f) || cleared.includes(f))
    // Recorded also when a later field failed, so the log never misses a write that happened.
    const entry =
      applied.length > 0
        ? recordWrite(this.audit, project, {
            ...meta,
            userId: current.$id,
            user: latest,
            before: pick(before, changed),
            after: pick(after, changed),
          })
        : null
    const written = { user: after, entry }
    if (!refused) return written
    if (!entry) throw new AppErrorException(refused)
    const notTried = touched.slice(applied.length + 1)
    throw new PartialWriteError(written, partialSave(applied, refused, notTried), refused)
  }

  private write(
    project: ResolvedProject,
    userId: string,
    field: UserField,
    change: UserChange,
  ): Promise<AppwriteUser> {
    const users = project.clients.users
    switch (field) {
      case 'name':
        return users.updateName({ userId, name: change.name! })
      case 'email':
        return users.updateEmail({ userId, email: change.email! })
      case 'phone':
        return users.updatePhone({ userId, number: change.phone! })
      case 'status':
        return users.updateStatus({ userId, status: change.status! })
      case 'labels':
        return users.updateLabels({ userId, labels: change.labels! })
      case 'emailVerification':
        return users.updateEmailVerification({ userId, emailVerification: change.emailVerification! })
      case 'phoneVerification':
        return users.updatePhoneVerification({ userId, phoneVerification: change.phoneVerification! })
      case 'mfa':
        return users.updateMFA({ userId, mfa: change.mfa! })
      case 'impersonator':
        return users.updateImpersonator({ userId, impersonator: change.impersonator! })
      case 'prefs':
        // updatePrefs answers with the prefs alone; read the user back so `after` is whole.
        return users.updatePrefs({ userId, prefs: change.prefs! }).then(() => users.get({ userId }))
    }
  }
}

function pick(record: UserRecord, fields: readonly UserField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, record[f]]))
}
