import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ManualTimers } from '../helpers/manual-timers'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'

const USERS = 40

const open: Bench[] = []
afterEach(async () => {
  for (const b of open.splice(0)) await b.close()
})

/**
 * A labels job over every user, started with the sandbox holding its writes after the first ten:
 * it is running, part-way, on a clock that moves only when the test moves it.
 */
async function heldJob() {
  const dataDir = tempDir()
  const timers = new ManualTimers()
  const b = await hostWithSandbox({ dataDir, seed: USERS, timers })
  open.push(b)
  const job = await call(b.host, 'labels.bulk', {
    project: b.project,
    selection: { all: true },
    op: 'add',
    labels: ['timed'],
  })
  const hold = b.sandbox.hold({ after: 10, match: ({ method }) => method !== 'GET' })
  await call(b.host, 'jobs.start', { jobId: job.id })
  await hold.reached()
  const saved = () =>
    (JSON.parse(readFileSync(join(dataDir, 'jobs', job.id, 'job.json'), 'utf8')) as { runMs?: number }).runMs
  return { b, timers, hold, jobId: job.id, saved }
}

describe('how long a job ran, its pauses left out', () => {
  it('counts the stretches of running and not the hour it stood paused, and keeps the sum in job.json', async () => {
    const { b, timers, hold, jobId, saved } = await heldJob()
    timers.advance(5_000)
    await call(b.host, 'jobs.pause', { jobId })
    expect(saved()).toBe(5_000)
    timers.advance(3_600_000)
    await call(b.host, 'jobs.resume', { jobId })
    timers.advance(2_000)
    hold.release()
    const done = await b.host.services.jobs.wait(jobId)
    expect(done.state).toBe('completed')
    expect(done.counts.done).toBe(USERS)
    expect(done.runMs).toBe(7_000)
    expect(saved()).toBe(7_000)
  })

  it('counts a cancelled job until the rows in flight at the cancel have ended, as its finish waits for them', async () => {
    const { b, timers, hold, jobId } = await heldJob()
    timers.advance(5_000)
    await call(b.host, 'jobs.cancel', { jobId })
    timers.advance(1_000)
    hold.release()
    const stopped = await b.host.services.jobs.wait(jobId)
    expect(stopped.state).toBe('cancelled')
    expect(stopped.finishedAt).not.toBeNull()
    expect(stopped.runMs).toBe(6_000)
  })
})
