import type { Users } from 'node-appwrite'
import type {
  HashSettings,
  ImportMapping,
  ImportProblem,
  ImportValidation,
  ProblemClass,
  ProblemRule,
} from '@shared/models/import'
import { retrying } from '../jobs/pacing'
import { Stopped } from '../jobs/row-runner'
import type { OpenedSource } from './source'
import { mapRecord, type ImportUser } from './user-mapper'
import { FingerprintTable } from '../jobs/fingerprint-table'
import { heldByOthers } from './row-decision'
import { findUsers, foldId, LOOKUP_BATCH, LOOKUPS_IN_FLIGHT, stateOf } from './server-state'

export interface CheckedRow {
  user: ImportUser
  problems: ImportProblem[]
}

/** Maps and checks every row in file order, including the rules across rows (duplicates). */
export async function* checkRows(
  source: OpenedSource,
  mapping: ImportMapping,
  hash: HashSettings,
): AsyncIterable<CheckedRow> {
  const ids = new FingerprintTable()
  const emails = new FingerprintTable()
  const phones = new FingerprintTable()
  for await (const record of source.records()) {
    const { user, problems } = mapRecord(record, mapping, hash)
    // Appwrite keeps emails and phones unique alike: a second row with either cannot be created.
    for (const [field, seen] of [
      ['email', emails],
      ['phone', phones],
    ] as const) {
      const value = user[field]
      const first = value ? seen.firstValueOrAdd(value, user.row) : -1
      if (first !== -1)
        problems.push({
          row: user.row,
          field,
          rule: `${field}_duplicate`,
          message: `${value} is also on row ${first}.`,
        })
    }
    if (mapping.id !== undefined && user.id) {
      // Appwrite takes `Ab` and `ab` for one id (see `foldId`): the second would be refused.
      const first = ids.firstValueOrAdd(foldId(user.id), user.row)
      if (first !== -1)
        problems.push({
          row: user.row,
          field: 'id',
          rule: 'id_duplicate',
          message: `User id ${user.id} is also on row ${first} (ids match whatever their case).`,
        })
    }
    yield { user, problems }
  }
}

const EXAMPLES_PER_RULE = 20

/** Counts problems per rule with their first examples; rows with any problem are counted by the caller. */
class ProblemTally {
  private readonly classes = new Map<ProblemRule, ProblemClass>()

  add(problem: ImportProblem): void {
    let c = this.classes.get(problem.rule)
    if (!c) this.classes.set(problem.rule, (c = { rule: problem.rule, count: 0, examples: [] }))
    c.count++
    // Lookups finish out of order; the examples stay the first rows in the file.
    const last = c.examples[c.examples.length - 1]
    if (c.examples.length < EXAMPLES_PER_RULE || (last && problem.row < last.row)) {
      c.examples.push(problem)
      c.examples.sort((a, b) => a.row - b.row)
      if (c.examples.length > EXAMPLES_PER_RULE) c.examples.pop()
    }
  }

  list(): ProblemClass[] {
    return [...this.classes.values()]
  }
}

/** Told every problem, with the row it is on, in file order. */
export type ProblemSink = (problem: ImportProblem, user: ImportUser) => void

/**
 * Problems found since the last lookup began: a row's own problems are known at once, another user's
 * email or phone only once its lookup answers, so the problems are handed on a group at a time, in
 * file order. A group closes at each lookup, or once it holds LOOKUP_BATCH problems of its own.
 */
interface ProblemGroup {
  found: [ImportProblem, ImportUser][]
  /** Every problem of its rows is in `found`. */
  known: boolean
  /** Settles (never rejects) once `known`, or once its lookup failed. */
  settled: Promise<void>
}

/**
 * Reads the whole source and the project's matching users, and reports every problem before a
 * single user is written. Nothing is kept but counts, examples and fingerprints, so memory stays flat.
 * `read` is told the rows read so far after each row; `sink`, every problem in file order (only a
 * few lookups' worth of rows wait for it). Once `stop` is aborted no other row is read, and the
 * validation throws `Stopped` when its lookups in flight have answered.
 */
export async function validateSource(
  source: OpenedSource,
  mapping: ImportMapping,
  hash: HashSettings,
  target: Users | null,
  read?: (rows: number) => void,
  sink?: ProblemSink,
  stop?: AbortSignal,
): Promise<ImportValidation> {
  const tally = new ProblemTally()
  let rows = 0
  let rowsWithProblems = 0
  let existing = 0
  let batch: ImportUser[] = []
  const inFlight = new Set<Promise<void>>()
  let failure: unknown = null
  const lookup = async (users: ImportUser[], group: ProblemGroup | null) => {
    const found = await findUsers(target!, users, retrying)
    for (const user of users) {
      const server = stateOf(found, user)
      if (server.existing) {
        existing++
        continue
      }
      const taken = heldByOthers(user, server)
      // Only rows with no other problem are looked up, so this row is counted once.
      if (taken.length > 0) rowsWithProblems++
      for (const t of taken) {
        const problem = { row: user.row, field: t.field, rule: t.rule, message: t.message }
        tally.add(problem)
        group?.found.push([problem, user])
      }
    }
  }
  const newGroup = (): ProblemGroup => ({ found: [], known: false, settled: Promise.resolve() })
  /** Groups not yet handed to the sink, in file order; with no sink, none. */
  const groups: ProblemGroup[] = []
  let group = newGroup()
  /** Hands on the leading groups whose problems are all known; lookups answer out of order. */
  const handOn = () => {
    while (groups[0]?.known) {
      const { found } = groups.shift()!
      // The rows' own problems came first, their lookups' after; a row has only one kind. Sort is stable.
      found.sort(([a], [b]) => a.row - b.row)
      for (const [problem, user] of found) sink!(problem, user)
    }
  }
  /** A few lookups run while the file reads on: over a far network, one at a time would dominate. */
  const flush = async () => {
    const closing = sink ? group : null
    if (target && batch.length > 0) {
      const task = lookup(batch, closing)
        .then(() => {
          if (closing) closing.known = true
        })
        .catch((err: unknown) => {
          failure ??= err
        })
        .finally(() => inFlight.delete(task))
      inFlight.add(task)
      if (closing) closing.settled = task
    } else if (closing) closing.known = true
    batch = []
    if (closing) {
      groups.push(closing)
      group = newGroup()
      handOn()
    }
    if (inFlight.size >= LOOKUPS_IN_FLIGHT) await Promise.race(inFlight)
    // Groups behind a slow lookup wait for it, a few lookups' worth at most.
    while (groups.length > LOOKUPS_IN_FLIGHT && !failure) {
      await groups[0]!.settled
      handOn()
    }
    if (failure) throw failure
    handOn()
  }
  for await (const { user, problems } of checkRows(source, mapping, hash)) {
    if (stop?.aborted) break
    rows++
    read?.(rows)
    for (const p of problems) {
      tally.add(p)
      if (sink) group.found.push([p, user])
    }
    if (problems.length > 0) rowsWithProblems++
    else batch.push(user)
    if (batch.length >= LOOKUP_BATCH || group.found.length >= LOOKUP_BATCH) await flush()
  }
  if (!stop?.aborted) await flush()
  await Promise.all(inFlight)
  if (failure) throw failure
  // Stopped, the counts are of the rows read so far: answered, they would pass for the whole file's.
  if (stop?.aborted) throw new Stopped()
  handOn()
  return { rows, valid: rows - rowsWithProblems, existing, problems: tally.list() }
}
