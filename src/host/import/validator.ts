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

/**
 * Reads the whole source and the project's matching users, and reports every problem before a
 * single user is written. Nothing is kept but counts, examples and fingerprints, so memory stays flat.
 * `read` is told the rows read so far after each row.
 */
export async function validateSource(
  source: OpenedSource,
  mapping: ImportMapping,
  hash: HashSettings,
  target: Users | null,
  read?: (rows: number) => void,
): Promise<ImportValidation> {
  const tally = new ProblemTally()
  let rows = 0
  let rowsWithProblems = 0
  let existing = 0
  let batch: ImportUser[] = []
  const inFlight = new Set<Promise<void>>()
  let failure: unknown = null
  const lookup = async (users: ImportUser[]) => {
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
      for (const t of taken) tally.add({ row: user.row, field: t.field, rule: t.rule, message: t.message })
    }
  }
  /** A few lookups run while the file reads on: over a far network, one at a time would dominate. */
  const flush = async () => {
    if (target && batch.length > 0) {
      const task = lookup(batch)
        .catch((err: unknown) => {
          failure ??= err
        })
        .finally(() => inFlight.delete(task))
      inFlight.add(task)
    }
    batch = []
    if (inFlight.size >= LOOKUPS_IN_FLIGHT) await Promise.race(inFlight)
    if (failure) throw failure
  }
  for await (const { user, problems } of checkRows(source, mapping, hash)) {
    rows++
    read?.(rows)
    for (const p of problems) tally.add(p)
    if (problems.length > 0) rowsWithProblems++
    else batch.push(user)
    if (batch.length >= LOOKUP_BATCH) await flush()
  }
  await flush()
  await Promise.all(inFlight)
  if (failure) throw failure
  return { rows, valid: rows - rowsWithProblems, existing, problems: tally.list() }
}
