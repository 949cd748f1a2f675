import { afterAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCliPatiently } from '../helpers/run-cli'
import type { JobView } from '@shared/models/jobs'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'

describe('retrying the failed rows of a finished job', () => {
  const benches: Bench[] = []
  afterAll(async () => {
    for (const b of benches) await b.close()
  })

  it('plans a new job of the same kind and options over exactly the failed rows', async () => {
    const dir = tempDir()
    const b = await hostWithSandbox({ dataDir: join(dir, 'data'), seed: 0 })
    benches.push(b)
    // Three of the ten people are in the project already: with "fail on existing" their rows fail.
    const taken = [2, 5, 7]
    const file = join(dir, 'people.csv')
    writeFileSync(
      file,
      [
        'id,email,name',
        ...Array.from({ length: 10 }, (_, i) => `p${i},person${i}@example.com,Person ${i}`),
      ].join('\n'),
    )
    const plan = { project: b.project, source: { kind: 'file' as const, path: file }, format: 'csv' as const }
    for (const i of taken)
      await call(b.host, 'users.create', {
        project: b.project,
        userId: `p${i}`,
        email: `person${i}@example.com`,
      })
    const first = await call(b.host, 'import.createJob', { plan, onExisting: 'fail', skip: [] })
    await call(b.host, 'jobs.start', { jobId: first.id })
    const ended = await b.host.services.jobs.wait(first.id)
    expect(ended.counts).toEqual({ total: 10, done: 7, skipped: 0, failed: 3 })
    const failedKeys = (await b.host.services.jobs.report(first.id))
      .filter((r) => r.outcome === 'failed')
      .map((r) => r.key)
      .sort()

    // Those users leave the project; their rows can now be done.
    for (const i of taken) await call(b.host, 'users.delete', { project: b.project, userId: `p${i}` })
    const retry: JobView = await call(b.host, 'jobs.retryFailed', { jobId: first.id })
    expect(retry).toMatchObject({
      kind: first.kind,
      project: first.project,
      state: 'planned',
      retryOf: first.id,
    })
    expect(retry.id).not.toBe(first.id)
    expect(retry.title).toMatch(/^Retry 3 failed rows/)
    expect(b.host.services.jobs.get(first.id).counts).toEqual(ended.counts)

    const preview = await call(b.host, 'jobs.preview', { jobId: retry.id })
    expect(preview.counts).toMatchObject({ total: 3, change: 3 })
    expect(preview.rows.map((r) => r.key).sort()).toEqual(failedKeys)
    await call(b.host, 'jobs.start', { jobId: retry.id })
    const done = await b.host.services.jobs.wait(retry.id)
    expect(done.counts).toEqual({ total: 3, done: 3, skipped: 0, failed: 0 })
    expect((await b.host.services.jobs.report(retry.id)).map((r) => r.key).sort()).toEqual(failedKeys)
    const emails = [...b.sandbox.store.users.values()]
      .map((u) => u.email)
      .filter((e) => e?.startsWith('person'))
    expect(emails.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `person${i}@example.com`).sort())

    // Nothing failed: nothing to retry. A job still planned has not ended.
    const none = await b.host.dispatch('jobs.retryFailed', { jobId: retry.id })
    expect(none).toMatchObject({ ok: false, error: { code: 'conflict', message: /no failed rows/ } })
    const planned = await call(b.host, 'import.createJob', { plan, onExisting: 'skip', skip: [] })
    const early = await b.host.dispatch('jobs.retryFailed', { jobId: planned.id })
    expect(early).toMatchObject({ ok: false, error: { code: 'conflict', message: /once it has ended/ } })
  })

  it(
    'userdeck jobs retry ID --yes runs the failed rows again as a new job',
    { timeout: 120_000 },
    async () => {
      const dataDir = tempDir()
      const cli = async (...args: string[]) => {
        const io = captureIo()
        const code = await runCliPatiently(['--data-dir', dataDir, ...args], io)
        return { code, out: io.stdout, err: io.stderr }
      }
      const list = await cli('--json', 'users', 'list', '--project', 'demo', '--limit', '1')
      expect(list.code, list.err).toBe(0)
      const someone = (JSON.parse(list.out) as { users: { id: string }[] }).users[0]!.id
      const first = await cli(
        '--json',
        'labels',
        'add',
        '--project',
        'demo',
        '--labels',
        'again',
        '--user',
        someone,
        '--user',
        'nobody-here',
        '--yes',
      )
      expect(first.code).toBe(1)
      const job = JSON.parse(first.out) as JobView
      expect(job.counts).toMatchObject({ total: 2, done: 1, failed: 1 })

      const preview = await cli('jobs', 'retry', job.id)
      expect(preview.code).toBe(0)
      expect(preview.out).toMatch(/nobody-here/)
      expect(preview.out).not.toContain(someone)
      expect(preview.err).toMatch(/Nothing was written/)

      const retried = await cli('--json', 'jobs', 'retry', job.id, '--yes')
      const again = JSON.parse(retried.out) as JobView
      expect(again).toMatchObject({ kind: 'labels', retryOf: job.id, state: 'completed' })
      // The user still does not exist: the one row fails again, and the command says so by its exit code.
      expect(again.counts).toEqual({ total: 1, done: 0, skipped: 0, failed: 1 })
      expect(retried.code).toBe(1)
    },
  )
})
