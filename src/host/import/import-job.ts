import { AppwriteException, type Models, type Users } from 'node-appwrite'
import { fail } from '@shared/errors'
import {
  hashTypeLabels,
  IMPORT_KIND,
  IMPORT_MAX_CONCURRENCY,
  type ImportJobParams,
  type ImportProblem,
} from '@shared/models/import'
import type { RowPreview } from '@shared/models/jobs'
import { verifyPassword } from '../../passwords'
import type { JobContext, JobKind, RowResult } from '../jobs/job-kind'
import { openSource, type SourceDeps } from './source'
import type { ImportUser } from './user-mapper'
import { checkRows } from './validator'
import { createHashedUser, type HashedPassword } from '../appwrite/create-hashed-user'
import {
  changedSinceDryRun,
  decideRow,
  DryRunMemory,
  type DecisionAction,
  type ImportRowData,
  type RowDecision,
} from './row-decision'
import { lookupFor, LOOKUP_BATCH, LOOKUPS_IN_FLIGHT, type ServerState } from './server-state'

type ShaVersion = Extract<HashedPassword, { type: 'sha' }>['version']

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
  // The user's own id: the row's may differ in case, which Appwrite ignores (see `foldId`).
  const userId = current.$id
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
   * attempt; any other existing user gets the on-existing choice. Kept by the row itself: a run
   * hands the same row to its reconcile and to every try of its apply, and a new run reads new rows.
   */
  const attempted = new WeakSet<ImportRowData>()
  const dryRuns = new DryRunMemory()
  /** The project's state for a row the file lets through; a row the file stops is decided by that alone. */
  const serverStateOf = (data: ImportRowData, ctx: JobContext): Promise<ServerState> =>
    data.skip || data.problem
      ? Promise.resolve(NOTHING_THERE)
      : lookupFor(ctx.project.clients.users).get(data.user)
  return {
    kind: IMPORT_KIND,
    destructive: false,
    maxConcurrency: IMPORT_MAX_CONCURRENCY,
    // Its preview looks rows up LOOKUP_BATCH to a call: at the default 32 rows at once, a dry run of
    // 100,000 rows took over 3,000 rounds of calls, minutes against a server 50 ms away.
    previewConcurrency: LOOKUPS_IN_FLIGHT * LOOKUP_BATCH,

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
      const { user } = row.data
      const base = { key: row.key, label: row.label }
      const decision = decideRow(row.data, params, await serverStateOf(row.data, ctx))
      dryRuns.remember(ctx.jobId, user.row, decision.action)
      const after = {
        id: user.id,
        email: user.email,
        phone: user.phone,
        name: user.name,
        password: user.password ? hashTypeLabels[user.password.type] : 'none',
      }
      switch (decision.action) {
        case 'create':
          return { ...base, action: 'change', reason: 'Create.', after }
        case 'update': {
          const { existing } = decision
          return {
            ...base,
            action: 'change',
            reason: 'Update name, labels, prefs, verification.',
            before: { id: existing.$id, email: existing.email, name: existing.name },
            after,
          }
        }
        default:
          return { ...base, action: decision.action, reason: decision.reason }
      }
    },

    async apply(row, params, ctx: JobContext): Promise<RowResult> {
      const settled = endedByFile(row.data)
      if (settled) return settled
      const { user, problem } = row.data
      const users = ctx.project.clients.users
      const said = dryRuns.said(ctx.jobId, user.row)
      if (problem) return conclude(users, user, decideRow(row.data, params, NOTHING_THERE), said)
      const continuing = attempted.has(row.data)
      attempted.add(row.data)
      // Not a function of its own: each async layer a row's calls wait in is one more object per row
      // in flight, which the young generation's collections copy (hundreds in flight, thousands a second).
      const clash = await createOrClash(users, user, continuing)
      const result = await conclude(users, user, clash ? decideRow(row.data, params, clash) : CREATE, said)
      // Only once the row has ended: a retry after a failure part-way may find this row's own create.
      attempted.delete(row.data)
      return result
    },

    endsWithoutCalls: (row) => endedByFile(row.data),

    async reconcile(row, _params, ctx) {
      const { user, skip, problem } = row.data
      if (skip || problem) return 'not-done'
      attempted.add(row.data)
      const users = ctx.project.clients.users
      const existing = await getUser(users, user.id)
      if (!existing || !(await isOwnEarlierAttempt(user, existing))) return 'not-done'
      // Created but stopped before its labels, prefs or status: apply() finishes it.
      return remainingSteps(users, user, existing).length === 0 ? 'done' : 'not-done'
    },
  }
}

/**
 * A row the file stops and the person chose to skip: skipped, with why, however the job ends (run,
 * or cancelled before the row was reached). Every other row's end needs the server.
 */
const endedByFile = ({ skip }: ImportRowData): RowResult | null =>
  skip ? { outcome: 'skipped', reason: skip } : null

const NOTHING_THERE: ServerState = { existing: null, emailOwner: null, phoneOwner: null }

const CREATE: RowDecision = { action: 'create' }

/**
 * Creates the user and sets what the create could not; null when done. When Appwrite refuses it as a
 * duplicate, the project's state for the row instead, for `decideRow` to name who holds what. A row
 * `continuing` after an unclear failure may find its own earlier create, and finishes that.
 */
async function createOrClash(
  users: Users,
  user: ImportUser,
  continuing: boolean,
): Promise<ServerState | null> {
  let created: User
  try {
    created = await createUser(users, user)
  } catch (err) {
    if (appwriteStatus(err)?.code !== 409) throw err
    // The user with the row's id answers in one call whether this is the row's own earlier create.
    // The lookup of id, email and phone costs three, and a batch shares its failures: under a flaky
    // server, a row that had to go that way every try could use up its tries.
    const earlier = continuing ? await getUser(users, user.id) : null
    if (earlier && (await isOwnEarlierAttempt(user, earlier))) created = earlier
    else {
      const server = await lookupFor(users).get(user)
      // Refused, yet no user holds the id, email or phone: Appwrite's own records (an identity) do.
      if (!server.existing && !server.emailOwner && !server.phoneOwner) throw err
      return server
    }
  }
  try {
    await runSteps(remainingSteps(users, user, created))
  } catch (err) {
    // Hashed passwords are created without the phone: someone may have taken it since the dry run.
    if (appwriteStatus(err)?.code !== 409 || !user.phone) throw err
    const { phoneOwner } = await lookupFor(users).get(user)
    if (!phoneOwner || phoneOwner === user.id) throw err
    fail(
      'conflict',
      `Created without its phone: ${user.phone} already belongs to another user in the project (${phoneOwner}).`,
    )
  }
  return null
}

/**
 * Carries out a decision and says how the row ended. When the dry run decided otherwise, the project
 * changed in between, and the reason says what changed.
 */
async function conclude(
  users: Users,
  user: ImportUser,
  decision: RowDecision,
  said: DecisionAction | null,
): Promise<RowResult> {
  const changed = said !== null && said !== decision.action ? changedSinceDryRun(said, decision, user) : null
  switch (decision.action) {
    case 'create':
      // The id, which a file without an id column never held: a bulk delete of the report's ids takes the import back.
      return { outcome: 'done', reason: changed ?? `Created user ${user.id}.` }
    case 'update': {
      const result = await updateExisting(users, user, decision.existing)
      return changed ? { ...result, reason: changed } : result
    }
    case 'skip':
      return { outcome: 'skipped', reason: changed ?? decision.reason }
    case 'fail':
      return fail(decision.obstacle === 'file' ? 'invalid_request' : 'conflict', changed ?? decision.reason)
  }
}

/** The on-existing choice "update": the fields a file may change on a user that was already there. */
async function updateExisting(users: Users, user: ImportUser, existing: User): Promise<RowResult> {
  const before = {
    name: existing.name,
    labels: existing.labels,
    emailVerification: existing.emailVerification,
  }
  await runSteps(updateSteps(users, user, existing))
  return { outcome: 'done', reason: 'updated', before }
}
