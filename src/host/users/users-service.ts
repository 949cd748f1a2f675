import { AppwriteException, AuthenticatorType, ID, Query, type Models, type Users } from 'node-appwrite'
import type { ParsedInput } from '@shared/contract'
import type { UserFilters, UserSort } from '@shared/contract/users'
import { TOTAL_CAP } from '@shared/appwrite-limits'
import { AppErrorException, fail } from '@shared/errors'
import type { AuditEntry, UserPage } from '@shared/models'
import { hashTypeLabel } from '@shared/models/import'
import type {
  PartialSave,
  UserIdentity,
  UserLog,
  UserMembership,
  UserMfa,
  UserWrite,
} from '@shared/models/users'
import type { Core } from '../core'
import type { ResolvedProject } from '../projects/projects-service'
import { canUndo } from '../audit/undo'
import { recordWrite, whoIs, type WriteRecord } from '../audit/record-write'
import { toUserRecord } from './user-record'
import type { Written } from './user-writer'
import { createRefusal, fieldWriteError, PartialWriteError } from './write-errors'
import { applyLabelChange } from '../labels/label-ops'
import { createHashedUser } from '../appwrite/create-hashed-user'
import { refuseUnsupported, toQueries, toSearch } from './users-query'
import { withoutSessions } from './session-filter'
import { INTERACTIVE_ATTEMPTS } from '../jobs/pacing'

export type AppwriteUser = Models.User<Models.Preferences>

export interface ListRequest {
  search?: string | undefined
  filters?: UserFilters | undefined
  sort?: UserSort | undefined
  limit: number
  cursor?: string | undefined
  offset?: number | undefined
  total?: boolean | undefined
}

/** A page of raw Appwrite users, and where the page after it starts. */
export interface ListedPage extends Models.UserList<Models.Preferences> {
  /**
   * The `offset` that goes with the page's last user as the next page's cursor: the users listed
   * before it, or, with the no-sessions filter, the candidates looked at. Undefined when not known
   * (a cursor came without its offset) or not needed (the no-sessions list ended).
   */
  nextOffset: number | undefined
}

/**
 * One page of raw Appwrite users. Cursor paging is what scales; when Appwrite refuses the cursor
 * because the sort column is NULL for that user (`database_query_order_null`), the same page is
 * asked for by offset, which the caller knows because the page before said it (`nextOffset`).
 */
export async function listPage(users: Users, request: ListRequest): Promise<ListedPage> {
  if (request.filters?.noSessions) return listWithoutSessions(users, request)
  const page = await listFrom(users, request)
  const start = request.cursor ? request.offset : (request.offset ?? 0)
  return Object.assign(page, { nextOffset: start === undefined ? undefined : start + page.users.length })
}

async function listFrom(users: Users, request: ListRequest): Promise<Models.UserList<Models.Preferences>> {
  const base = [...toQueries(request.filters, request.sort), Query.limit(request.limit)]
  const ask = (paging: string[]) => users.list({ queries: [...base, ...paging], ...toSearch(request.search) })
  if (!request.cursor) return ask(request.offset ? [Query.offset(request.offset)] : [])
  try {
    return await ask([Query.cursorAfter(request.cursor)])
  } catch (err) {
    const orderNull = err instanceof AppwriteException && err.type === 'database_query_order_null'
    if (!orderNull || request.offset === undefined) throw err
    return ask([Query.offset(request.offset)])
  }
}

/**
 * A page of users with no session: the other filters run on the server, then each candidate's
 * sessions are read, page after page until the page is full or the list ends. Its `total` counts only
 * the users found so far. The cursor is the last user kept, so the next page picks up after it; its
 * offset counts the candidates up to that user, not the users shown, so that a cursor Appwrite
 * refuses (the sort column empty for that user) can be stood in for.
 */
async function listWithoutSessions(users: Users, request: ListRequest): Promise<ListedPage> {
  const { noSessions: _, ...filters } = request.filters ?? {}
  const kept: AppwriteUser[] = []
  let cursor = request.cursor
  // The candidates before this page, when known: what a refused cursor is stood in for with.
  let offset = cursor ? request.offset : 0
  for (;;) {
    const page = await listPage(users, { ...request, filters, cursor, offset, total: false })
    for (const user of await withoutSessions(users, page.users, { attempts: INTERACTIVE_ATTEMPTS })) {
      kept.push(user)
      if (kept.length === request.limit) {
        const nextOffset = offset === undefined ? undefined : offset + page.users.indexOf(user) + 1
        return { total: kept.length, users: kept, nextOffset }
      }
    }
    if (page.users.length < request.limit) return { total: kept.length, users: kept, nextOffset: undefined }
    cursor = page.users.at(-1)!.$id
    offset = page.nextOffset
  }
}

export class UsersService {
  constructor(private readonly core: Core) {}

  private get projects() {
    return this.core.projects
  }

  /** One page of users. Filtering, search, sort and paging all run on the server as Appwrite queries. */
  async list(input: ParsedInput<'users.list'>): Promise<UserPage> {
    const project = await this.projects.resolve(input.project)
    await refuseUnsupported(project, input)
    const { clients } = project
    const result = await listPage(clients.users, input)
    const users = result.users.map(toUserRecord)
    const nextCursor = users.length === input.limit ? (users.at(-1)?.id ?? null) : null
    return {
      users,
      total: result.total,
      // Users without sessions are only known as far as they were looked for: "50+" while more may follow.
      totalCapped: input.filters?.noSessions ? nextCursor !== null : result.total >= TOTAL_CAP,
      nextCursor,
      nextOffset: nextCursor === null ? null : (result.nextOffset ?? null),
    }
  }

  async get(input: ParsedInput<'users.get'>) {
    const { clients } = await this.projects.resolve(input.project)
    return toUserRecord(await clients.users.get({ userId: input.userId }))
  }

  /** Field edits: through the UserWriter, so each one is guarded, audited with before/after and undoable. */
  async update(input: ParsedInput<'users.update'>): Promise<UserWrite> {
    const { addLabels, removeLabels, ...fields } = input.change
    const change =
      addLabels || removeLabels
        ? (current: { labels: string[] }) => ({
            ...fields,
            labels: applyLabelChange(
              applyLabelChange(current.labels, { op: 'add', labels: addLabels ?? [] }),
              {
                op: 'remove',
                labels: removeLabels ?? [],
              },
            ),
          })
        : fields
    let written: Written
    let partial: PartialSave | undefined
    try {
      written = await this.core.writer.update(input.project, input.userId, change, {
        action: 'users.update',
        confirm: input.confirm,
      })
    } catch (err) {
      // Some fields were saved: the answer says which, and which was not, rather than "failed".
      if (!(err instanceof PartialWriteError)) throw err
      written = err.written
      partial = err.partial
    }
    const { user, entry } = written
    // The contract asks for at least one field, so a write that returns has its entry.
    if (!entry) fail('internal', 'The change was made but its audit entry is missing.')
    return { user, entryId: entry.id, undoable: canUndo(entry), ...(partial ? { partial } : {}) }
  }

  async updatePassword(input: ParsedInput<'users.updatePassword'>): Promise<UserWrite> {
    const project = this.projects.resolveForWrite(input.project, { confirm: input.confirm })
    const { clients } = await project
    const before = await clients.users.get({ userId: input.userId })
    const after = await clients.users
      .updatePassword({ userId: input.userId, password: input.password })
      .catch((err: unknown) => {
        // History, dictionary and personal-data refusals, said as such.
        throw new AppErrorException(fieldWriteError('password', err))
      })
    // The password itself never reaches the log: only that, and when, it changed.
    const entry = await this.record(project, 'users.updatePassword', input.userId, {
      user: after,
      before: { passwordUpdate: before.passwordUpdate, hash: before.hash ?? null },
      after: { passwordUpdate: after.passwordUpdate, hash: after.hash ?? null },
    })
    return { user: toUserRecord(after), entryId: entry.id, undoable: false }
  }

  async create(input: ParsedInput<'users.create'>): Promise<UserWrite> {
    const project = this.projects.resolveForWrite(input.project, { confirm: input.confirm })
    const { clients } = await project
    const userId = input.userId ?? ID.unique()
    const created = await (
      input.passwordHash
        ? createHashedUser(
            clients.users,
            { userId, email: input.email!, ...(input.name !== undefined ? { name: input.name } : {}) },
            input.passwordHash,
          )
        : clients.users.create({
            userId,
            ...(input.email ? { email: input.email } : {}),
            ...(input.phone ? { phone: input.phone } : {}),
            ...(input.password ? { password: input.password } : {}),
            // Appwrite's create endpoints refuse an empty name (Text(128) has a minimum of one); none is ''.
            ...(input.name ? { name: input.name } : {}),
          })
    ).catch(async (err: unknown) => {
      // The phone is not sent with a hash (it is added after), so it cannot be what was taken.
      const sent = {
        userId: input.userId,
        email: input.email,
        phone: input.passwordHash ? undefined : input.phone,
      }
      throw new AppErrorException(await createRefusal(clients.users, sent, err))
    })
    // Appwrite's hash endpoints take no phone; add it after so the form means what it says.
    const user =
      input.passwordHash && input.phone
        ? await clients.users.updatePhone({ userId: created.$id, number: input.phone })
        : created
    const record = toUserRecord(user)
    const entry = await this.record(project, 'users.create', user.$id, {
      before: null,
      after: {
        ...record,
        password: input.passwordHash ? `${hashTypeLabel(input.passwordHash.type)} hash` : null,
      },
    })
    return { user: record, entryId: entry.id, undoable: false }
  }

  /** Deletion cannot be undone: the log keeps who the user was (without the password hash). */
  async delete(input: ParsedInput<'users.delete'>): Promise<UserWrite> {
    const project = this.projects.resolveForWrite(input.project, {
      destructive: true,
      confirm: input.confirm,
    })
    const { clients } = await project
    const before = toUserRecord(await clients.users.get({ userId: input.userId }))
    await clients.users.delete({ userId: input.userId })
    const entry = await this.record(project, 'users.delete', input.userId, {
      before: { ...before },
      after: null,
    })
    return { user: null, entryId: entry.id, undoable: false }
  }

  async logs(input: ParsedInput<'users.logs'>): Promise<{ total: number; logs: UserLog[] }> {
    const { clients } = await this.projects.resolve(input.project)
    const result = await clients.users.listLogs({
      userId: input.userId,
      queries: [Query.limit(input.limit), Query.offset(input.offset)],
    })
    return {
      total: result.total,
      logs: result.logs.map((l) => ({
        event: l.event,
        time: l.time,
        ip: l.ip,
        clientName: l.clientName,
        osName: l.osName,
        deviceName: l.deviceName,
        countryName: l.countryName,
      })),
    }
  }

  async memberships(input: ParsedInput<'users.memberships'>): Promise<UserMembership[]> {
    const { clients } = await this.projects.resolve(input.project)
    const result = await clients.users.listMemberships({ userId: input.userId })
    return result.memberships.map((m) => ({
      id: m.$id,
      teamId: m.teamId,
      teamName: m.teamName,
      roles: [...m.roles],
      joined: m.joined,
      confirm: m.confirm,
    }))
  }

  async identities(input: ParsedInput<'users.identities'>): Promise<UserIdentity[]> {
    const { clients } = await this.projects.resolve(input.project)
    const result = await clients.users.listIdentities({
      queries: [Query.equal('userId', input.userId), Query.limit(100)],
    })
    return result.identities.map((i) => ({
      id: i.$id,
      provider: i.provider,
      providerUid: i.providerUid,
      providerEmail: i.providerEmail,
      createdAt: i.$createdAt,
    }))
  }

  async mfa(input: ParsedInput<'users.mfa'>): Promise<UserMfa> {
    const { clients } = await this.projects.resolve(input.project)
    // The Users API's factor list never reports recovery codes (only the Account API counts them),
    // so ask for them here; the codes themselves stay in main until someone asks to see them.
    const [user, factors, codes] = await Promise.all([
      clients.users.get({ userId: input.userId }),
      clients.users.listMFAFactors({ userId: input.userId }),
      clients.users.getMFARecoveryCodes({ userId: input.userId }).then(
        (found) => found.recoveryCodes.length > 0,
        (err: unknown) => {
          if (err instanceof AppwriteException && err.type === 'user_recovery_codes_not_found') return false
          throw err
        },
      ),
    ])
    return {
      enabled: user.mfa,
      factors: { totp: factors.totp, phone: factors.phone, email: factors.email, recoveryCode: codes },
    }
  }

  /** Making or replacing codes is a write (audited, codes never logged); reading them is not. */
  async recoveryCodes(input: ParsedInput<'users.mfaRecoveryCodes'>): Promise<{ recoveryCodes: string[] }> {
    if (input.action === 'view') {
      const { clients } = await this.projects.resolve(input.project)
      const codes = await clients.users.getMFARecoveryCodes({ userId: input.userId })
      return { recoveryCodes: [...codes.recoveryCodes] }
    }
    const project = this.projects.resolveForWrite(input.project, { confirm: input.confirm })
    const { clients } = await project
    const codes =
      input.action === 'generate'
        ? await clients.users.createMFARecoveryCodes({ userId: input.userId })
        : await clients.users.updateMFARecoveryCodes({ userId: input.userId })
    await this.record(project, `users.mfaRecoveryCodes.${input.action}`, input.userId, {
      user: await whoIs(await project, input.userId),
      before: null,
      after: { recoveryCodes: `${codes.recoveryCodes.length} new codes` },
    })
    return { recoveryCodes: [...codes.recoveryCodes] }
  }

  async removeAuthenticator(input: ParsedInput<'users.mfaRemoveAuthenticator'>): Promise<UserWrite> {
    const project = this.projects.resolveForWrite(input.project, {
      destructive: true,
      confirm: input.confirm,
    })
    const { clients } = await project
    await clients.users.deleteMFAAuthenticator({ userId: input.userId, type: AuthenticatorType.Totp })
    const user = await clients.users.get({ userId: input.userId })
    const entry = await this.record(project, 'users.mfaRemoveAuthenticator', input.userId, {
      user,
      before: { authenticator: 'totp' },
      after: { authenticator: null },
    })
    return {
      user: toUserRecord(user),
      entryId: entry.id,
      undoable: false,
    }
  }

  private async record(
    project: Promise<ResolvedProject>,
    action: string,
    userId: string,
    change: Pick<WriteRecord, 'before' | 'after' | 'user'>,
  ): Promise<AuditEntry> {
    return recordWrite(this.core.audit, await project, { action, userId, ...change })
  }
}
