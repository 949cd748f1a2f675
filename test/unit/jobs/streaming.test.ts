import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobKind } from '../../../src/host/jobs/job-kind'
import { PREVIEW_ROWS_KEPT } from '../../../src/host/jobs/preview'
import { REPORT_TEXT_ROWS } from '../../../src/host/jobs/report'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'

/**
 * How far the enumeration of rows runs ahead of the rows handed to preview() or apply(): an engine
 * that gathered the rows first would be a whole job ahead; one that streams, about its concurrency.
 */
interface Lead {
  enumerations: number
  yielded: number
  used: number
  most: number
}

function countingKind(name: string, options: { snapshotRows?: boolean; repeat?: number } = {}) {
  const lead: Lead = { enumerations: 0, yielded: 0, used: 0, most: 0 }
  const use = () => void lead.used++
  const kind: JobKind<{ n: number }, { i: number }> = {
    kind: name,
    destructive: false,
    maxConcurrency: 16,
    ...(options.snapshotRows ? { snapshotRows: true } : {}),
    async *rows({ n }) {
      lead.enumerations++
      for (let i = 0; i < n; i++) {
        // A query paged over a changing list can return a row twice; the engine keeps the first.
        for (let r = 0; r < (i % 1000 === 0 ? (options.repeat ?? 1) : 1); r++) {
          lead.yielded++
          lead.most = Math.max(lead.most, lead.yielded - lead.used)
          yield { key: `r${i}`, label: `row ${i}`, data: { i } }
        }
      }
    },
    async preview(row) {
      use()
      return row.data.i % 10 === 0
        ? { key: row.key, label: row.label, action: 'skip', reason: 'tenth' }
        : { key: row.key, label: row.label, action: 'change' }
    },
    async apply(row) {
      use()
      return row.data.i % 10 === 0 ? { outcome: 'skipped', reason: 'tenth' } : { outcome: 'done' }
    },
    async reconcile() {
      return 'not-done'
    },
  }
  const reset = () => Object.assign(lead, { yielded: 0, used: 0, most: 0 })
  return { kind, lead, reset }
}

describe('the engine streams rows: a job of any size is never held whole', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 1 })
  })
  afterAll(() => b.close())

  it(
    'previews, runs and reports 120,000 rows with the enumeration never far ahead of the work',
    {
      timeout: 120_000,
    },
    async () => {
      const N = 120_000
      const { kind, lead, reset } = countingKind('count-stream')
      const engine = b.host.services.jobs
      engine.register(kind)
      const job = await engine.create({
        kind: kind.kind,
        project: b.project,
        params: { n: N },
        title: 'count',
      })

      const first = await engine.preview(job.id, { limit: 1000 })
      expect(first.counts).toEqual({ change: N - N / 10, skip: N / 10, fail: 0, total: N })
      expect(first.rows.map((r) => r.key)).toEqual(Array.from({ length: 1000 }, (_, i) => `r${i}`))
      expect(first.truncated).toBe(true)
      expect(lead.most).toBeLessThan(1000)
      // Paging works as before within the rows kept; beyond them, only the counts.
      const last = await engine.preview(job.id, { offset: PREVIEW_ROWS_KEPT - 10, limit: 10 })
      expect(last.rows.at(-1)?.key).toBe(`r${PREVIEW_ROWS_KEPT - 1}`)
      const beyond = await engine.preview(job.id, { offset: N - 10, limit: 10 })
      expect(beyond).toMatchObject({ rows: [], truncated: false, counts: { total: N } })
      expect(engine.get(job.id).counts.total).toBe(N)

      reset()
      await engine.start(job.id)
      const done = await engine.wait(job.id)
      expect(done.state).toBe('completed')
      expect(done.counts).toEqual({ total: N, done: N - N / 10, skipped: N / 10, failed: 0 })
      expect(lead.used).toBe(N)
      expect(lead.most).toBeLessThan(1000)

      // The report comes from the journal alone: a finished job's rows are not enumerated again.
      const enumerations = lead.enumerations
      let rows = 0
      const keys = new Set<string>()
      for await (const row of engine.reportRows(job.id)) {
        rows++
        keys.add(row.key)
        expect(row.label).toBe(`row ${row.key.slice(1)}`)
        expect(row.outcome).toBe(Number(row.key.slice(1)) % 10 === 0 ? 'skipped' : 'done')
      }
      expect(rows).toBe(N)
      expect(keys.size).toBe(N)
      expect(lead.enumerations).toBe(enumerations)

      const csv = await call(b.host, 'jobs.report', { jobId: job.id, format: 'csv' })
      expect(csv).toMatchObject({ rows: N, truncated: true })
      expect(csv.text.trim().split('\n')).toHaveLength(REPORT_TEXT_ROWS + 1)
      expect(readFileSync(csv.path, 'utf8').trim().split('\n')).toHaveLength(N + 1)
      const json = await call(b.host, 'jobs.report', { jobId: job.id, format: 'json' })
      const whole = JSON.parse(readFileSync(json.path, 'utf8')) as { job: { id: string }; rows: unknown[] }
      expect(whole.job.id).toBe(job.id)
      expect(whole.rows).toHaveLength(N)
      expect((JSON.parse(json.text) as { rows: unknown[] }).rows).toHaveLength(REPORT_TEXT_ROWS)
    },
  )

  it(
    'a snapshot kind enumerates once, drops repeated keys, and every pass reads the snapshot',
    {
      timeout: 60_000,
    },
    async () => {
      const N = 20_000
      const { kind, lead } = countingKind('count-snapshot', { snapshotRows: true, repeat: 3 })
      const engine = b.host.services.jobs
      engine.register(kind)
      const job = await engine.create({
        kind: kind.kind,
        project: b.project,
        params: { n: N },
        title: 'snap',
      })
      const preview = await engine.preview(job.id, { limit: 5 })
      expect(preview.counts.total).toBe(N)
      await engine.start(job.id)
      const done = await engine.wait(job.id)
      expect(done.counts).toEqual({ total: N, done: N - N / 10, skipped: N / 10, failed: 0 })
      const report = await engine.report(job.id)
      expect(new Set(report.map((r) => r.key)).size).toBe(N)
      expect(lead.enumerations).toBe(1)
    },
  )

  it('cancelled part-way, the report lists the rows not reached as pending, in row order', async () => {
    const N = 3000
    const { kind } = countingKind('count-cancel')
    // Rows after the first 100 wait until the test has cancelled: the job is part-way, for sure.
    let cancelled = () => {}
    const gate = new Promise<void>((resolve) => (cancelled = resolve))
    let waiting = () => {}
    const reached = new Promise<void>((resolve) => (waiting = resolve))
    let applied = 0
    const held: typeof kind = {
      ...kind,
      maxConcurrency: 2,
      apply: async (row, params, ctx) => {
        if (++applied > 100) {
          waiting()
          await gate
        }
        return kind.apply(row, params, ctx)
      },
    }
    const engine = b.host.services.jobs
    engine.register(held)
    const job = await engine.create({
      kind: held.kind,
      project: b.project,
      params: { n: N },
      title: 'cancel',
    })
    await engine.start(job.id)
    await reached
    engine.cancel(job.id)
    cancelled()
    const stopped = await engine.wait(job.id)
    expect(stopped.state).toBe('cancelled')
    const report = await engine.report(job.id)
    expect(report).toHaveLength(N)
    const pending = report.filter((r) => r.outcome === 'pending')
    const ended = stopped.counts.done + stopped.counts.skipped + stopped.counts.failed
    expect(pending).toHaveLength(N - ended)
    expect(pending.length).toBeGreaterThan(0)
    expect(pending.map((r) => Number(r.key.slice(1)))).toEqual(
      [...pending.map((r) => Number(r.key.slice(1)))].sort((a, b) => a - b),
    )
  })
})
