import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppErrorException } from '@shared/errors'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from './helpers'

/** A read stopped by the window, each kind by its progressId: a check of every row, a dry run's check again. */
describe('import.stopReading', () => {
  let env: Env
  let path: string
  beforeAll(async () => {
    env = await environment(tempDir())
    path = join(tempDir(), 'fine.csv')
    const rows = Array.from({ length: 1500 }, (_, i) => `fine${i}@example.com,Fine ${i}`)
    writeFileSync(path, ['email,name', ...rows].join('\n'))
  })
  afterAll(() => env.close())

  const plan = () => ({
    project: env.project,
    source: { kind: 'file' as const, path },
    format: 'csv' as const,
  })

  /**
   * Starts `read` with two of its lookups answered and the third held, so it is under way when
   * stopped; answers what the read answered: 'finished', or its error's code.
   */
  async function stoppedPartWay(read: () => Promise<unknown>, progressId: string): Promise<string> {
    const hold = env.sandbox.hold({
      after: 2,
      match: ({ method, path }) => method === 'GET' && /\/users$/.test(path),
    })
    const answer = read().then(
      () => 'finished',
      (err: unknown) => (err instanceof AppErrorException ? err.error.code : String(err)),
    )
    await hold.reached(1)
    try {
      expect(await env.call('import.stopReading', { progressId })).toEqual({ stopped: true })
    } finally {
      hold.release()
    }
    return answer
  }

  it('stops a check of every row: it answers cancelled, and once ended is stopped no more', async () => {
    const answer = await stoppedPartWay(
      () => env.call('import.validate', { plan: plan(), progressId: 'check-1' }),
      'check-1',
    )
    expect(answer).toBe('cancelled')
    expect(await env.call('import.stopReading', { progressId: 'check-1' })).toEqual({ stopped: false })
    // Not stopped, the same check reads every row.
    expect(await env.call('import.validate', { plan: plan(), progressId: 'check-2' })).toMatchObject({
      rows: 1500,
      valid: 1500,
    })
  })

  it('stops a dry run’s check again before its job is planned: no job is left behind', async () => {
    const before = (await env.call('jobs.list', {})).length
    const answer = await stoppedPartWay(
      () =>
        env.call('import.createJob', { plan: plan(), onExisting: 'fail', skip: [], progressId: 'recheck-1' }),
      'recheck-1',
    )
    expect(answer).toBe('cancelled')
    expect(await env.call('jobs.list', {})).toHaveLength(before)
  })
})
