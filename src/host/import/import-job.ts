import { AppwriteException, Query, type Models, type Users } from 'node-appwrite'
import { fail } from '@shared/errors'
import { IMPORT_MAX_CONCURRENCY, type ImportJobParams, type ImportProblem } from '@shared/models/import'
import type { RowPreview } from '@shared/models/jobs'
import { verifyPassword } from '../../passwords'
import type { JobContext, JobKind, RowResult } from '../jobs/job-kind'
import { openSource, type SourceDeps } from './source'
import type { ImportUser } from './user-mapper'
import { checkRows } from './validator'
import { createHashedUser, type HashedPassword } from '../appwrite/create-hashed-user'

type ShaVersion = Extract<HashedPassword, { type: 'sha' }>['version']

export const IMPORT_KIND = 'import'

/** A row to create, or one the person chose to leave out (kept so the report accounts for it). */
export interface ImportRowData {
  user: ImportUser
  /** Why the row is left out: a problem class the person chose to skip. */
  skip?: string
  /** A problem nobody chose to skip; the row fails with it rather than going in wrong. */
  problem?: string
}

type User = Models.User<Models.Preferences>

function describe(problems: ImportProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join(' ')
}

export function appwriteStatus(err: unknown): { code: number; type: string } | null {
  return err instanceof AppwriteException ? { code: err.code, type: err.type } : null
}

export async function getUser(users: Users, id: string): Promise<User | null> {
  try {
    return await users.get({ userId: id })
  } catch (err) {
    if (appwriteStatus(err)?.code === 404) return null
    throw err
  }
}

/** Creates the user with the endpoint its password needs; everything else is set afterwards. */
export async function createUser(users: Users, user: ImportUser): Promise<User> {
  const p = user.password
  const name = user.name === '' ? {} : { name: user.name }
  if (!p || p.type === 'plaintext') {
    return users.create({
      userId: user.id,
      ...(user.email ? { email: user.email } : {}),
      ...(user.phone ? { phone: user.phone } : {}),
      ...(p ? { password: p.value } : {}),
      ...name,
    })
  }
  const hash: HashedPassword =
    p.type === 'sha'
      ? { type: 'sha', hash: p.value, version: (p.options.shaVersion ?? 'sha256') as ShaVersion }
      : p.type === 'scrypt'
        ? {
            type: 'scrypt',
            hash: p.value,
            salt: p.options.scrypt!.salt,
            cpu: p.options.scrypt!.costCpu,
            memory: p.options.scrypt!.costMemory,
            parallel: p.options.scrypt!.costParallel,
            length: p.options.scrypt!.length,
          }
        : p.type === 'scryptMod'
          ? {
              type: 'scryptModified',
              hash: p.value,
              salt: p.options.scryptMod!.salt,
              saltSeparator: p.options.scryptMod!.saltSeparator,
              signerKey: p.options.scryptMod!.signerKey,
            }
          : { type: p.type, hash: p.value }
  return createHashedUser(users, { userId: user.id, email: user.email!, ...name }, hash)
}

interface Waiter {
  resolve(user: User | null): void
  reject(err: unknown): void
}

/**
 * Gathers the ids the dry run asks about in the same turn into one list query, so a dry run over
 * 100,000 rows costs a few thousand calls rather than 100,000.
 */
class UserLookup {
  private pending = new Map<string, Waiter[]>()
  private scheduled = false

  constructor(private readonly users: Users) {}

  get(userId: string): Promise<User | null> {
    return new Promise((resolve, reject) => {
      const waiters = this.pending.get(userId) ?? []
      waiters.push({ resolve, reject })
      this.pending.set(userId, waiters)
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => void this.flush())
      }
    })
  }

  private async flush(): Promise<void> {
    this.scheduled = false
    const batch = this.pending
    this.pending = new Map()
    const ids = [...batch.keys()]
    for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
      const chunk = ids.slice(i, i + LOOKUP_BATCH)
      try {
        const page = await this.users.list({
          queries: [Query.equal('$id', chunk), Query.limit(LOOKUP_BATCH)],
          total: false,
        })
        const found = new Map(page.users.map((u) => [u.$id, u]))
        for (const id of chunk) for (const w of batch.get(id)!) w.resolve(found.get(id) ?? null)
      } catch (err) {
        for (const id of chunk) for (const w of batch.get(id)!) w.reject(err)
      }
    }
  }
}

const LOOKUP_BATCH = 100
const lookups = new WeakMap<Users, UserLookup>()

function lookupFor(users: Users): UserLookup {
  let lookup = lookups.get(users)
  if (!lookup) lookups.set(users, (lookup = new UserLookup(users)))
  return lookup
}

const sameLabels = (a: string[], b: string[]) => a.length === b.length && a.every((l, i) => l === b[i])
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** The calls still needed to bring a freshly created user to the row's state; [] when it is there. */
export function remainingSteps(users: Users, user: ImportUser, current: User): (() => Promise<unknown>)[] {
  const userId = user.id
  const steps: (() => Promise<unknown>)[] = []
  if (user.phone && current.phone !== user.phone)
    steps.push(() => users.updatePhone({ userId, number: user.phone! }))
  if (user.labels.length > 0 && !sameLabels(current.labels, user.labels))
    steps.push(() => users.updateLabels({ userId, labels: user.labels }))
  if (Object.keys(user.prefs).length > 0 && !sameJson(current.prefs, user.prefs))
    steps.push(() => users.updatePrefs({ userId, prefs: user.prefs }))
  if (user.emailVerification && !current.emailVerification)
    steps.push(() => users.updateEmailVerification({ userId, emailVerification: true }))
  if (user.phoneVerification && user.phone && !current.phoneVerification)
    steps.push(() => users.updatePhoneVerification({ userId, phoneVerification: true }))
  if (current.status !== user.status) steps.push(() => users.updateStatus({ userId, status: user.status }))
  return steps
}

/** The fields "update" may change on a user that was already there: name, labels, prefs, verification. */
function updateSteps(users: Users, user: ImportUser, current: User): (() => Promise<unknown>)[] {
  const userId = user.id
  const steps: (() => Promise<unknown>)[] = []
  if (user.given.name && current.name !== user.name)
    steps.push(() => users.updateName({ userId, name: user.name }))
  if (user.given.labels && !sameLabels(current.labels, user.labels))
    steps.push(() => users.updateLabels({ userId, labels: user.labels }))
  if (user.given.prefs && !sameJson(current.prefs, user.prefs))
    steps.push(() => users.updatePrefs({ userId, prefs: user.prefs }))
  if (user.given.emailVerification && current.emailVerification !== user.emailVerification)
    steps.push(() => users.updateEmailVerification({ userId, emailVerification: user.emailVerification }))
  if (user.given.phoneVerification && user.phone && current.phoneVerification !== user.phoneVerification)
    steps.push(() => users.updatePhoneVerification({ userId, phoneVerification: user.phoneVerification }))
  return steps
}

/**
 * Whether an existing user is this row's own earlier attempt (a create whose answer was lost, or a
 * run killed between the create and its labels): same id, same email, and the same password.
 */
export async function isOwnEarlierAttempt(user: ImportUser, existing: User): Promise<boolean> {
  if ((existing.email || null) !== user.email) return false
  const p = user.password
  if (!p) return !existing.password
  if (p.type === 'plaintext')
    return verifyPassword(
      p.value,
      existing.password,
      existing.hash,
      existing.hashOptions as Record<string, unknown>,
    )
  return existing.password === p.value
}

export async function runSteps(steps: (() => Promise<unknown>)[]): Promise<void> {
  // In order: each is idempotent, so a retry after a failure part-way simply redoes the rest.
  for (const step of steps) await step()
}

export function createImportJobKind(deps: SourceDeps): JobKind<ImportJobParams, ImportRowData> {
  /**
   * Rows whose create may already have reached the server: retried after an unclear failure, or left
   * open by a run that was killed. Only for these is an existing user taken for the row's own earlier
   * attempt; any other existing user gets the on-existing choice.
   */
  const attempted = new Set<string>()
  return {
    kind: IMPORT_KIND,
    destructive: false,
    maxConcurrency: IMPORT_MAX_CONCURRENCY,

    async *rows(params) {
      const { plan, skip } = params
      const source = await openSource(plan, deps)
      const skipped = new Set(skip)
      for await (const { user, problems } of checkRows(source, plan.mapping, plan.hash)) {
        const data: ImportRowData = { user }
        if (problems.length > 0) {
          if (problems.every((p) => skipped.has(p.rule))) data.skip = `Skipped: ${describe(problems)}`
          else data.problem = describe(problems)
        }
        yield {
          key: String(user.row),
          label: `row ${user.row}: ${user.email ?? user.phone ?? user.id}`,
          data,
        }
      }
    },

    async preview(row, params, ctx): Promise<RowPreview> {
      const { user, skip, problem } = row.data
      const base = { key: row.key, label: row.label }
      if (skip) return { ...base, action: 'skip', reason: skip }
      if (problem) return { ...base, action: 'fail', reason: problem }
      const users = ctx.project.clients.users
      const after = {
        id: user.id,
        email: user.email,
        name: user.name,
        password: user.password ? user.password.type : 'none',
      }
      const existing = await lookupFor(users).get(user.id)
      if (existing) {
        const before = { id: existing.$id, email: existing.email, name: existing.name }
        if (params.onExisting === 'skip')
          return { ...base, action: 'skip', reason: 'Already in the project.', before }
        if (params.onExisting === 'fail')
          return { ...base, action: 'fail', reason: 'Already in the project.', before }
        return {
          ...base,
          action: 'change',
          reason: 'Update name, labels, prefs, verification.',
          before,
          after,
        }
      }
      return { ...base, action: 'change', reason: 'Create.', after }
    },

    async apply(row, params, ctx: JobContext): Promise<RowResult> {
      const { user, skip, problem } = row.data
      if (skip) return { outcome: 'skipped', reason: skip }
      if (problem) fail('invalid_request', problem)
      const users = ctx.project.clients.users
      const mark = `${ctx.jobId}:${row.key}`
      const continuing = attempted.has(mark)
      attempted.add(mark)
      let created: User
      try {
        created = await createUser(users, user)
      } catch (err) {
        if (appwriteStatus(err)?.code !== 409) throw err
        const result = await existingRow(users, user, params, continuing)
        attempted.delete(mark)
        return result
      }
      await runSteps(remainingSteps(users, user, created))
      attempted.delete(mark)
      return { outcome: 'done', reason: 'created', after: { id: user.id } }
    },

    async reconcile(row, _params, ctx) {
      const { user, skip, problem } = row.data
      if (skip || problem) return 'not-done'
      attempted.add(`${ctx.jobId}:${row.key}`)
      const users = ctx.project.clients.users
      const existing = await getUser(users, user.id)
      if (!existing || !(await isOwnEarlierAttempt(user, existing))) return 'not-done'
      // Created but stopped before its labels, prefs or status: apply() finishes it.
      return remainingSteps(users, user, existing).length === 0 ? 'done' : 'not-done'
    },
  }
}

async function existingRow(
  users: Users,
  user: ImportUser,
  params: ImportJobParams,
  continuing: boolean,
): Promise<RowResult> {
  const existing = await getUser(users, user.id)
  if (!existing) {
    const reason = `${user.email ?? user.phone} already belongs to another user in the project.`
    if (params.skip.includes('email_exists')) return { outcome: 'skipped', reason }
    fail('conflict', reason)
  }
  if (continuing && (await isOwnEarlierAttempt(user, existing))) {
    await runSteps(remainingSteps(users, user, existing))
    return { outcome: 'done', reason: 'created', after: { id: user.id } }
  }
  if (params.onExisting === 'skip')
    return { outcome: 'skipped', reason: 'Already in the project (left as it was).' }
  if (params.onExisting === 'fail') fail('conflict', `User ${user.id} is already in the project.`)
  const before = {
    name: existing.name,
    labels: existing.labels,
    emailVerification: existing.emailVerification,
  }
  await runSteps(updateSteps(users, user, existing))
  return { outcome: 'done', reason: 'updated', before }
}
