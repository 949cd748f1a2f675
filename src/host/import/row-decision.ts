import type { Models } from 'node-appwrite'
import type { ImportJobParams } from '@shared/models/import'
import type { ServerState } from './server-state'
import type { ImportUser } from './user-mapper'

/** A row to create, or one the person chose to leave out (kept so the report accounts for it). */
export interface ImportRowData {
  user: ImportUser
  /** Why the row is left out: a problem class the person chose to skip. */
  skip?: string
  /** A problem nobody chose to skip; the row fails with it rather than going in wrong. */
  problem?: string
}

/** A unique value of the row that another user of the project already has. */
export interface Taken {
  rule: 'email_exists' | 'phone_exists'
  field: 'email' | 'phone'
  message: string
}

/** The row's email and phone that belong to other users; the validator reports them, `decideRow` acts on them. */
export function heldByOthers(user: ImportUser, server: ServerState): Taken[] {
  const taken: Taken[] = []
  const held = (rule: Taken['rule'], field: Taken['field'], value: string | null, owner: string | null) => {
    if (value && owner && owner !== user.id)
      taken.push({
        rule,
        field,
        message: `${value} already belongs to another user in the project (${owner}).`,
      })
  }
  held('email_exists', 'email', user.email, server.emailOwner)
  held('phone_exists', 'phone', user.phone, server.phoneOwner)
  return taken
}

/** What stands in a row's way: a problem in the file, or a user already holding its id, email or phone. */
export type Obstacle = 'file' | 'id_exists' | 'email_exists' | 'phone_exists'

/** What becomes of a row. The dry run and the import both ask `decideRow`, so they cannot disagree. */
export type RowDecision =
  | { action: 'create' }
  | { action: 'update'; existing: Models.User<Models.Preferences> }
  | { action: 'skip' | 'fail'; obstacle: Obstacle; reason: string }

export type DecisionAction = RowDecision['action']

/**
 * The one rule for a row, given what the project holds: the file's own problems first (skipped or
 * failed as the person chose per class), then a user with the same id (the on-existing choice),
 * then another user holding the row's email or phone, which Appwrite keeps unique.
 */
export function decideRow(data: ImportRowData, params: ImportJobParams, server: ServerState): RowDecision {
  if (data.skip) return { action: 'skip', obstacle: 'file', reason: data.skip }
  if (data.problem) return { action: 'fail', obstacle: 'file', reason: data.problem }
  const { user } = data
  if (server.existing) {
    if (params.onExisting === 'update') return { action: 'update', existing: server.existing }
    // Named as the project has it: Appwrite takes the row's `mixed1` for the user `Mixed1`.
    const id = server.existing.$id
    return params.onExisting === 'skip'
      ? {
          action: 'skip',
          obstacle: 'id_exists',
          reason: `User ${id} is already in the project (left as it was).`,
        }
      : { action: 'fail', obstacle: 'id_exists', reason: `User ${id} is already in the project.` }
  }
  const taken = heldByOthers(user, server)
  if (taken.length === 0) return { action: 'create' }
  return {
    action: taken.every((t) => params.skip.includes(t.rule)) ? 'skip' : 'fail',
    obstacle: taken[0]!.rule,
    reason: taken.map((t) => t.message).join(' '),
  }
}

const actions: DecisionAction[] = ['create', 'update', 'skip', 'fail']
const promised: Record<DecisionAction, string> = {
  create: 'would create it',
  update: 'would update the user',
  skip: 'would skip it',
  fail: 'would fail it',
}

/**
 * Why the import did otherwise than its dry run said for a row: the rule is the same, so only the
 * project can have changed in between, and the report says what changed.
 */
export function changedSinceDryRun(said: DecisionAction, now: RowDecision, user: ImportUser): string {
  const dryRun = `The dry run ${promised[said]}`
  if (now.action === 'create' || now.action === 'update') {
    // A created row names its user, as one the dry run foresaw does: the report's ids take an import back.
    return `${now.action === 'create' ? `Created user ${user.id}` : 'Updated'}. ${dryRun}; what stood in its way then was changed by someone else before the import reached the row.`
  }
  const change =
    now.obstacle === 'id_exists'
      ? `user ${user.id} was created by someone else after the dry run`
      : now.obstacle === 'email_exists'
        ? `${user.email} was given to another user after the dry run`
        : now.obstacle === 'phone_exists'
          ? `${user.phone} was given to another user after the dry run`
          : 'the project changed after the dry run'
  return `${now.reason} ${dryRun}; ${change}.`
}

/** Jobs whose dry run is remembered at once; a person previews one import at a time. */
const JOBS_REMEMBERED = 8

/** Rows a job's memory makes room for at first; it doubles as the dry run reaches further rows. */
const FIRST_ROWS = 1024

/**
 * What each job's dry run decided for each row, so the import can tell a row whose outcome differs.
 * One byte per row, at the row's number (an import's rows are numbered in file order, so the numbers
 * are dense): a million-row dry run costs 1 MB. A fingerprint table keyed by the row's key cost 32 MB,
 * and 48 MB while it grew, at the very point of the job where the validator's tables were largest.
 */
export class DryRunMemory {
  /** Per job, each row's decision as its index in `actions` plus one: 0 is a row no dry run reached. */
  private readonly jobs = new Map<string, Uint8Array>()

  remember(jobId: string, row: number, action: DecisionAction): void {
    if (!Number.isSafeInteger(row) || row < 0) return
    let said = this.jobs.get(jobId)
    if (!said) {
      said = new Uint8Array(FIRST_ROWS)
      this.jobs.set(jobId, said)
      if (this.jobs.size > JOBS_REMEMBERED) this.jobs.delete(this.jobs.keys().next().value!)
    }
    if (row >= said.length) {
      const wider = new Uint8Array(Math.max(row + 1, said.length * 2))
      wider.set(said)
      said = wider
      this.jobs.set(jobId, said)
    }
    said[row] = actions.indexOf(action) + 1
  }

  /** What the dry run decided for the row, or null when this process ran no dry run of the job. */
  said(jobId: string, row: number): DecisionAction | null {
    const said = this.jobs.get(jobId)
    return said ? (actions[(said[row] ?? 0) - 1] ?? null) : null
  }
}
