import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { environment, importCsv, type Env } from './helpers'

describe('undoing an import', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  it('is refused with the way that does take its users out, not a word about sessions', async () => {
    const { job } = await importCsv(env, 'email,name\none@example.com,One\ntwo@example.com,Two\n', {
      email: 'email',
      name: 'name',
    })
    expect(job.counts.done).toBe(2)
    const r = await env.host.dispatch('activity.undoJob', { jobId: job.id })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } })
    if (!r.ok)
      expect(r.error.message).toMatch(/^An import is not undone as a job\. .*bulk delete of their ids/)
  })
})
