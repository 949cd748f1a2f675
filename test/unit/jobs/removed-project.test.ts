import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'

describe('a job whose project has been removed since it was planned', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 5 })
  })
  afterAll(() => b.close())

  it('is refused by name at its preview and its start, and writes nothing', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['orphan'],
    })
    await call(b.host, 'projects.remove', { project: b.project })
    const removed =
      '"Bulk test", the project this job was planned for, has been removed, so the job cannot run. Add the project again and plan the job anew.'
    for (const channel of ['jobs.preview', 'jobs.start'] as const) {
      const r = await b.host.dispatch(channel, { jobId: job.id })
      expect(r.ok || r.error).toMatchObject({ code: 'not_found', message: removed })
    }
    // The job still lists under the name it had; nothing reached the server.
    expect((await call(b.host, 'jobs.get', { jobId: job.id })).projectName).toBe('Bulk test')
    expect([...b.sandbox.store.users.values()].some((u) => u.labels.includes('orphan'))).toBe(false)
  })

  it('an undo of a job done there is refused by the same name, planned or run at once', async () => {
    const b2 = await hostWithSandbox({ dataDir: tempDir(), seed: 3 })
    try {
      const job = await call(b2.host, 'labels.bulk', {
        project: b2.project,
        selection: { all: true },
        op: 'add',
        labels: ['gone'],
      })
      await call(b2.host, 'jobs.start', { jobId: job.id })
      await b2.host.services.jobs.wait(job.id)
      await call(b2.host, 'projects.remove', { project: b2.project })
      for (const plan of [true, false]) {
        const r = await b2.host.dispatch('activity.undoJob', { jobId: job.id, plan })
        expect(r.ok || r.error).toMatchObject({
          code: 'not_found',
          message: expect.stringMatching(
            /^"Bulk test", the project this job was planned for, has been removed/,
          ),
        })
      }
    } finally {
      await b2.close()
    }
  })
})
