import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Input } from '@shared/contract'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from './helpers'

/** 20 good rows (rows 2–21), then 5 whose email is not valid (rows 22–26), which the person skips. */
function skippingPlan(env: Env): Input<'import.createJob'> {
  const good = Array.from({ length: 20 }, (_, i) => `cancel${i}@example.com,Cancel ${i}`)
  const bad = Array.from({ length: 5 }, (_, i) => `not-an-email-${i},Bad ${i}`)
  const path = join(tempDir(), 'cancel.csv')
  writeFileSync(path, ['email,name', ...good, ...bad].join('\n'))
  return {
    plan: { project: env.project, source: { kind: 'file', path }, format: 'csv' },
    onExisting: 'fail',
    skip: ['email_invalid'],
    concurrency: 2,
  }
}

/**
 * Starts the import, holds its creates at the server after the first `after`, cancels it while one
 * waits there, then lets the held ones answer; resolves with the job as it ended.
 */
async function cancelWhileHeld(env: Env, jobId: string, after: number) {
  const hold = env.sandbox.hold({
    after,
    match: ({ method, path }) => method === 'POST' && /\/users$/.test(path),
  })
  await env.call('jobs.start', { jobId })
  await hold.reached(1)
  await env.call('jobs.cancel', { jobId })
  hold.release()
  return env.host.services.jobs.wait(jobId)
}

const SKIPPED_ROWS = ['22', '23', '24', '25', '26']

describe('a cancelled import reports the rows the person chose to skip as skipped, with their reason', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  const planned = () => env.call('import.createJob', skippingPlan(env))

  function expectSkippedWithReason(report: { key: string; outcome: string; reason?: string }[]) {
    for (const key of SKIPPED_ROWS) {
      const row = report.find((r) => r.key === key)
      expect(row, `row ${key}`).toMatchObject({ outcome: 'skipped' })
      expect(row!.reason).toMatch(/^Skipped: email: /)
    }
  }

  it('cancelled while running: the rows not reached that were skipped at validation end skipped, and the counts agree', async () => {
    const job = await planned()
    // Two creates go through; the next wait at the server while the import is cancelled, so the
    // skipped rows at the end of the file are not reached.
    const stopped = await cancelWhileHeld(env, job.id, 2)
    expect(stopped.state).toBe('cancelled')
    const report = await env.host.services.jobs.report(job.id)
    expectSkippedWithReason(report)
    const count = (outcome: string) => report.filter((r) => r.outcome === outcome).length
    expect(count('pending')).toBeGreaterThan(0)
    expect(stopped.counts).toMatchObject({
      done: count('done'),
      skipped: count('skipped'),
      failed: count('failed'),
    })
    expect(stopped.counts.skipped).toBe(SKIPPED_ROWS.length)
    // Each row is reported once, and nothing the cancel stopped was written.
    expect(new Set(report.map((r) => r.key)).size).toBe(25)
    expect((await env.users().list()).total).toBe(count('done'))
  })

  // What the window's question before a cancel promises: the same file again brings in the rest.
  it('the same file imported again after a cancel brings in the rest; the users imported before are skipped', async () => {
    const fresh = await environment(tempDir())
    try {
      const first = await fresh.call('import.createJob', skippingPlan(fresh))
      const cancelled = await cancelWhileHeld(fresh, first.id, 3)
      const imported = cancelled.counts.done
      expect(imported).toBeLessThan(20)
      // The window's default for users already in the project: Skip them.
      const again = await fresh.call('import.createJob', { ...skippingPlan(fresh), onExisting: 'skip' })
      await fresh.call('jobs.start', { jobId: again.id })
      const second = await fresh.host.services.jobs.wait(again.id)
      expect(second.counts).toMatchObject({ done: 20 - imported, skipped: imported + 5, failed: 0 })
      const report = await fresh.host.services.jobs.report(again.id)
      const before = report.filter((r) => r.reason?.endsWith('is already in the project (left as it was).'))
      expect(before).toHaveLength(imported)
      expect((await fresh.users().list()).total).toBe(20)
    } finally {
      await fresh.close()
    }
  })

  it('cancelled before it ran: the skipped rows end skipped, every other row is not reached', async () => {
    const job = await planned()
    await env.call('jobs.cancel', { jobId: job.id })
    const stopped = await env.host.services.jobs.wait(job.id)
    expect(stopped).toMatchObject({ state: 'cancelled', counts: { done: 0, skipped: 5, failed: 0 } })
    expect(stopped.finishedAt).not.toBeNull()
    const report = await env.host.services.jobs.report(job.id)
    expectSkippedWithReason(report)
    expect(report.filter((r) => r.outcome === 'pending')).toHaveLength(20)
  })
})
