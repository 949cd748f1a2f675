import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { followJob } from '../../../src/cli/follow-job'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from '../jobs/harness'

/** What the CLI prints when a job it follows stops is the job as it ended, not as it was told to stop. */
describe('followJob', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 40 })
  })
  afterAll(() => b.close())

  it('answers a cancel once the rows in flight have ended, with their outcomes counted', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['followed'],
    })
    const hold = b.sandbox.hold({ after: 10, match: ({ method }) => method !== 'GET' })
    const followed = followJob(b.host.events, job.id, () => call(b.host, 'jobs.start', { jobId: job.id }))
    await hold.reached()
    const cancelled = await call(b.host, 'jobs.cancel', { jobId: job.id })
    expect(cancelled).toMatchObject({ state: 'cancelled', finishedAt: null })
    // The calls held at the cancel end after it: the server answers them, and they count as done.
    hold.release()
    const ended = await followed
    expect(ended.state).toBe('cancelled')
    expect(ended.finishedAt).not.toBeNull()
    const labelled = [...b.sandbox.store.users.values()].filter((u) => u.labels.includes('followed')).length
    expect(labelled).toBeGreaterThan(10)
    expect(ended.counts.done).toBe(labelled)
    expect(ended.counts).toEqual((await call(b.host, 'jobs.get', { jobId: job.id })).counts)
  })
})
