import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'
import type { Hold } from '../../../src/sandbox'
import { call, hostWithSandbox, type Bench } from './harness'

function endsPerKey(dataDir: string, jobId: string): Map<string, number> {
  const ends = new Map<string, number>()
  for (const raw of readFileSync(join(dataDir, 'jobs', jobId, 'journal.jsonl'), 'utf8').split('\n')) {
    if (!raw.trim()) continue
    const line = JSON.parse(raw) as { key: string; phase: string }
    if (line.phase === 'end') ends.set(line.key, (ends.get(line.key) ?? 0) + 1)
  }
  return ends
}

/**
 * Holds the sandbox's writes after the first `after`, and resolves once the job waits on them: from
 * then on the job is running, part-way, until the test releases the hold.
 */
async function startHeld(b: Bench, jobId: string, after: number): Promise<Hold> {
  const hold = b.sandbox.hold({ after, match: ({ method }) => method !== 'GET' })
  // Production confirms every write: the run carries the project's name.
  await call(b.host, 'jobs.start', { jobId, confirm: 'Bulk test' })
  await hold.reached()
  return hold
}

describe('job control: pause, resume, cancel, production confirmation, interruption', () => {
  let b: Bench
  let dataDir: string
  beforeAll(async () => {
    dataDir = tempDir()
    b = await hostWithSandbox({ dataDir, seed: 300, tag: 'production' })
  })
  afterAll(() => b.close())

  it('pauses and resumes a running job; every row ends exactly once', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['p1'],
    })
    // Labels are not destructive, yet production confirms every write: the run needs the confirmation.
    const bare = await b.host.dispatch('jobs.start', { jobId: job.id })
    expect(bare).toMatchObject({ ok: false, error: { code: 'confirmation_required', field: 'confirm' } })
    const hold = await startHeld(b, job.id, 30)
    const paused = await call(b.host, 'jobs.pause', { jobId: job.id })
    expect(paused.state).toBe('paused')
    const resumed = await call(b.host, 'jobs.resume', { jobId: job.id, confirm: 'Bulk test' })
    expect(resumed.state).toBe('running')
    hold.release()
    const done = await b.host.services.jobs.wait(job.id)
    expect(done.state).toBe('completed')
    expect(done.counts.done).toBe(300)
    const ends = endsPerKey(dataDir, job.id)
    expect(ends.size).toBe(300)
    expect([...ends.values()].every((n) => n === 1)).toBe(true)
  })

  it('cancels: rows not reached stay pending in the report, and a cancelled job does not start again', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['c1'],
    })
    const hold = await startHeld(b, job.id, 20)
    await call(b.host, 'jobs.cancel', { jobId: job.id })
    hold.release()
    const stopped = await b.host.services.jobs.wait(job.id)
    expect(stopped.state).toBe('cancelled')
    const report = await b.host.services.jobs.report(job.id)
    const pending = report.filter((r) => r.outcome === 'pending').length
    expect(pending).toBeGreaterThan(0)
    expect(pending + stopped.counts.done).toBe(300)
    const withLabel = [...b.sandbox.store.users.values()].filter((u) => u.labels.includes('c1')).length
    expect(withLabel).toBe(stopped.counts.done)
    const again = await b.host.dispatch('jobs.resume', { jobId: job.id })
    expect(again.ok).toBe(false)
  })

  it('asks for the production project name to end sessions, and only then runs', async () => {
    const job = await call(b.host, 'sessions.bulkKill', {
      project: b.project,
      selection: { ids: ['nobody'] },
    })
    const bare = await b.host.dispatch('jobs.start', { jobId: job.id })
    expect(bare.ok).toBe(false)
    if (!bare.ok) expect(bare.error).toMatchObject({ code: 'confirmation_required', field: 'confirm' })
    const wrong = await b.host.dispatch('jobs.start', { jobId: job.id, confirm: 'bulk test' })
    expect(wrong.ok).toBe(false)
    await call(b.host, 'jobs.start', { jobId: job.id, confirm: 'Bulk test' })
    const done = await b.host.services.jobs.wait(job.id)
    // A user id that does not exist fails with Appwrite's 404, once: it is not retried.
    expect(done.counts).toMatchObject({ total: 1, failed: 1 })
    const [row] = await b.host.services.jobs.report(job.id)
    expect(row!.reason).toMatch(/could not be found/)
  })

  it('a host closed mid-job leaves it interrupted; the next host resumes it to the same end', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['i1'],
    })
    const hold = await startHeld(b, job.id, 40)
    // Closing waits for the calls in flight: they are let through once the close has begun.
    const closing = b.host.close()
    hold.release()
    await closing

    const next = await createHostInternals({
      dataDir,
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: false,
    })
    try {
      // The key lived in memory only: set it again, as a person would after a restart without a keychain.
      await call(next, 'projects.setKey', {
        project: b.project,
        key: 'standard_jobs_test_key_0123456789abcdef',
      })
      const listed = await call(next, 'jobs.list', {})
      expect(listed.find((j) => j.id === job.id)!.state).toBe('interrupted')
      await call(next, 'jobs.resume', { jobId: job.id, confirm: 'Bulk test' })
      const done = await next.services.jobs.wait(job.id)
      expect(done.state).toBe('completed')
      expect(done.counts.done).toBe(300)
      const ends = endsPerKey(dataDir, job.id)
      expect(ends.size).toBe(300)
      expect([...ends.values()].every((n) => n === 1)).toBe(true)
      for (const u of b.sandbox.store.users.values())
        expect(u.labels.filter((l) => l === 'i1')).toHaveLength(1)
      // Each user's write is in the audit log once (or was confirmed on the server after the interruption).
      const audit = next.core.audit.list({ jobId: job.id })
      expect(new Set(audit.map((e) => e.userId)).size).toBe(audit.length)
    } finally {
      await next.close()
    }
  })
})
