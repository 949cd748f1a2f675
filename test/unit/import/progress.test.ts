import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from './helpers'

const ROWS = 5000

/**
 * A long validation or dry run tells the window how far it has got: the events name the request (a
 * validation's progressId, a dry run's job), count up, never past the file, and stop with the answer.
 */
describe('an import says how far its validation and its dry run have got', () => {
  let env: Env
  let path: string
  const events: { event: string; payload: { progressId?: string; jobId?: string; rows: number } }[] = []
  let off: () => void

  beforeAll(async () => {
    const dir = tempDir()
    env = await environment(join(dir, 'data'))
    path = join(dir, 'people.csv')
    const lines = Array.from({ length: ROWS }, (_, i) => `walker${i}@example.com,Walker ${i}`)
    writeFileSync(path, ['email,name', ...lines].join('\n'))
    off = env.host.events.subscribe((event, payload) => {
      if (event === 'import.progress' || event === 'jobs.previewProgress')
        events.push({ event, payload: payload as (typeof events)[number]['payload'] })
    })
  })
  afterAll(async () => {
    off()
    await env.close()
  })

  const plan = () => ({
    project: env.project,
    source: { kind: 'file' as const, path },
    format: 'csv' as const,
  })
  /** The rows each event of one request said, in order; the answer has come, so none is still due. */
  const told = (event: string, id: { progressId: string } | { jobId: string }) =>
    events
      .filter((e) => e.event === event && Object.entries(id).every(([k, v]) => e.payload[k as 'jobId'] === v))
      .map((e) => e.payload.rows)

  function expectCountingUp(rows: number[]) {
    // The first row read is told at once; later ones at most ten times a second.
    expect(rows.length).toBeGreaterThanOrEqual(1)
    expect(rows).toEqual([...rows].sort((a, b) => a - b))
    expect(rows.every((n) => n >= 1 && n <= ROWS)).toBe(true)
  }

  it('validation, with the id the window gave, and only with one', async () => {
    const before = events.length
    await env.call('import.validate', { plan: plan() })
    expect(events.length).toBe(before)

    const validation = await env.call('import.validate', { plan: plan(), progressId: 'check-1' })
    expect(validation.rows).toBe(ROWS)
    expectCountingUp(told('import.progress', { progressId: 'check-1' }))
  })

  it('the re-validation of planning, then the dry run, by its job', async () => {
    const job = await env.call('import.createJob', { plan: plan(), progressId: 'recheck-1' })
    expectCountingUp(told('import.progress', { progressId: 'recheck-1' }))

    const preview = await env.call('jobs.preview', { jobId: job.id, limit: 1 })
    expect(preview.counts.total).toBe(ROWS)
    expectCountingUp(told('jobs.previewProgress', { jobId: job.id }))
    // A second look at the same dry run is answered from what was worked out: nothing more is told.
    const told1 = told('jobs.previewProgress', { jobId: job.id }).length
    await env.call('jobs.preview', { jobId: job.id, limit: 1 })
    expect(told('jobs.previewProgress', { jobId: job.id })).toHaveLength(told1)
  })
})
