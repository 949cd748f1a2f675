import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { environment, importCsv, type Env } from './helpers'

describe('undoing an import', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  it('is refused with the way that does take its users out, and its report gives the ids that way needs', async () => {
    const { job } = await importCsv(env, 'email,name\none@example.com,One\ntwo@example.com,Two\n', {
      email: 'email',
      name: 'name',
    })
    expect(job.counts.done).toBe(2)
    const r = await env.host.dispatch('activity.undoJob', { jobId: job.id })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    if (!r.ok)
      expect(r.error.message).toMatch(/^An import is not undone as a job\. .*bulk delete of their ids/)
    // Each created row says which user it made: the ids a bulk delete takes (a CSV without an id
    // column gets generated ones, which the file does not hold).
    const report = await env.call('jobs.report', { jobId: job.id, format: 'json' })
    const reasons = (JSON.parse(report.text) as { rows: { reason?: string }[] }).rows.map((row) => row.reason)
    const made = (email: string) => [...env.sandbox.store.users.values()].find((u) => u.email === email)!.$id
    expect(reasons).toEqual([
      `Created user ${made('one@example.com')}.`,
      `Created user ${made('two@example.com')}.`,
    ])
  })
})
