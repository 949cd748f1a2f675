import { afterEach, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'
import { jobWhen } from './job-events'

const USERS = 600

const open: Bench[] = []
afterEach(async () => {
  for (const bench of open.splice(0)) await bench.close()
})

async function plannedDelete(): Promise<Bench & { dataDir: string; jobId: string }> {
  const dataDir = join(tempDir(), 'data')
  const bench = await hostWithSandbox({ dataDir, seed: USERS })
  open.push(bench)
  const job = await call(bench.host, 'users.bulkDelete', {
    project: bench.project,
    selection: { all: true },
    withoutRestoreCopy: true,
  })
  return { ...bench, dataDir, jobId: job.id }
}

/** Counts every request the server gets from now on, holding none (it replaces, and releases, any hold). */
function countFromNow(bench: Bench): { readonly count: number } {
  const seen = { count: 0 }
  bench.sandbox.hold({
    match: () => {
      seen.count++
      return false
    },
  })
  return seen
}

const isList = (path: string) => path === '/v1/users'

describe('a dry run stopped before it ends (its dialog closed)', () => {
  it('reads no further user once stopped: the rows in flight end, the job stays planned with no total', async () => {
    const bench = await plannedDelete()
    // A delete's dry run reads four lists of every user (sessions, memberships…): 40 pass, then they wait.
    const hold = bench.sandbox.hold({
      after: 40,
      match: ({ method, path }) => method === 'GET' && !isList(path),
    })
    const preview = call(bench.host, 'jobs.preview', { jobId: bench.jobId }).then(
      () => null,
      (err: Error) => err,
    )
    await hold.reached()
    const stopped = await call(bench.host, 'jobs.stopPreview', { jobId: bench.jobId })
    expect(stopped.state).toBe('planned')
    const late = countFromNow(bench)

    expect((await preview)?.message).toMatch(
      /^jobs\.preview: cancelled: The dry run was stopped before it ended\./,
    )
    // Only what the rows in flight still had to ask; run on, the dry run asked ~2,400 more.
    expect(late.count).toBeLessThan(200)
    const job = await call(bench.host, 'jobs.get', { jobId: bench.jobId })
    expect(job).toMatchObject({ state: 'planned', counts: { total: null } })

    // Opened again, the dry run is worked out afresh, whole.
    const again = await call(bench.host, 'jobs.preview', { jobId: bench.jobId })
    expect(again.counts.total).toBe(USERS)
    // Stopping a dry run that has ended keeps it.
    await call(bench.host, 'jobs.stopPreview', { jobId: bench.jobId })
    const kept = countFromNow(bench)
    expect((await call(bench.host, 'jobs.preview', { jobId: bench.jobId })).counts.total).toBe(USERS)
    expect(kept.count).toBe(0)
  })

  it('stopped while it lists the users, lists no further page and keeps no part of the list; a run then lists them all', async () => {
    const bench = await plannedDelete()
    // The users are listed a page at a time before any is decided: the first page passes, then it waits.
    const hold = bench.sandbox.hold({
      after: 1,
      match: ({ method, path }) => method === 'GET' && isList(path),
    })
    const preview = call(bench.host, 'jobs.preview', { jobId: bench.jobId }).then(
      () => null,
      (err: Error) => err,
    )
    await hold.reached()
    await call(bench.host, 'jobs.stopPreview', { jobId: bench.jobId })
    const late = countFromNow(bench)
    expect((await preview)?.message).toContain('cancelled')
    expect(late.count).toBe(0)
    expect(existsSync(join(bench.dataDir, 'jobs', bench.jobId, 'rows.jsonl'))).toBe(false)

    // The run takes a snapshot of its own: every user is deleted.
    const ended = jobWhen(bench.host, bench.jobId, (j) => j.state === 'completed')
    await call(bench.host, 'jobs.start', { jobId: bench.jobId })
    expect((await ended).counts).toMatchObject({ total: USERS, done: USERS })
  })
})
