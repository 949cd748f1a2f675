import { afterAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, wholePreview, type Bench } from './harness'

/** 10% 5xx, 429 above a request rate the job will exceed, and dropped connections (half after the write). */
const FAULTS = { failRate: 0.1, rateLimitPerSec: 600, dropRate: 0.03 }

function rawUsers(b: Bench): Users {
  const client = new Client()
    .setEndpoint(b.sandbox.url)
    .setProject('bulk')
    .setKey('standard_jobs_test_key_0123456789abcdef')
  return new Users(client)
}

describe('bulk jobs under injected faults account for every row and match their preview', () => {
  const benches: Bench[] = []
  afterAll(async () => {
    for (const b of benches) await b.close()
  })

  it('adds a label to 5,000 users, then undoes the whole job', { timeout: 360_000 }, async () => {
    const b = await hostWithSandbox({ dataDir: tempDir(), seed: 5000 })
    benches.push(b)
    const planned = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['faulty'],
    })
    b.sandbox.setFaults(FAULTS)
    const preview = await wholePreview(b.host, planned.id)
    expect(preview.counts).toMatchObject({ total: 5000, fail: 0 })
    await call(b.host, 'jobs.start', { jobId: planned.id })
    const done = await b.host.services.jobs.wait(planned.id)
    b.sandbox.setFaults({})

    expect(done.state).toBe('completed')
    const report = await b.host.services.jobs.report(planned.id)
    expect(new Set(report.map((r) => r.key)).size).toBe(5000)
    // On failure this shows each row that was not done, with why.
    expect(report.filter((r) => r.outcome !== 'done')).toEqual([])
    expect(done.counts).toEqual({ total: 5000, done: 5000, skipped: 0, failed: 0 })
    // The faults were there and were ridden out.
    expect(done.retries).toBeGreaterThan(0)

    // Read back through the API: every user's labels are exactly the previewed `after`.
    const users = rawUsers(b)
    const server = new Map<string, string[]>()
    let cursor: string | undefined
    for (;;) {
      const page = await users.list({
        queries: [
          `{"method":"limit","values":[500]}`,
          ...(cursor ? [`{"method":"cursorAfter","values":["${cursor}"]}`] : []),
        ],
      })
      for (const u of page.users) server.set(u.$id, u.labels)
      if (page.users.length < 500) break
      cursor = page.users.at(-1)!.$id
    }
    expect(server.size).toBe(5000)
    for (const row of preview.rows)
      expect(server.get(row.key)).toEqual((row.after as { labels: string[] }).labels)

    // One audit entry per user: no write missed, none logged twice.
    const audit = b.host.core.audit.list({ jobId: planned.id })
    expect(audit).toHaveLength(5000)
    expect(new Set(audit.map((e) => e.userId)).size).toBe(5000)

    // Undo the whole job under the same faults: every user's labels are back to the preview's `before`.
    b.sandbox.setFaults(FAULTS)
    const undo = await call(b.host, 'activity.undoJob', { jobId: planned.id })
    const undone = await b.host.services.jobs.wait(undo.id)
    b.sandbox.setFaults({})
    const failedUndo = (await b.host.services.jobs.report(undo.id)).filter((r) => r.outcome !== 'done')
    expect(failedUndo).toEqual([])
    expect(undone.counts).toEqual({ total: 5000, done: 5000, skipped: 0, failed: 0 })
    for (const row of preview.rows)
      expect(b.sandbox.store.getUser(row.key)!.labels).toEqual((row.before as { labels: string[] }).labels)
    const undoEntries = b.host.core.audit.list({ jobId: undo.id, action: 'undo labels.add' })
    expect(new Set(undoEntries.map((e) => e.undoOf)).size).toBe(5000)
    expect(undoEntries).toHaveLength(5000)
    // Each names its user, also an undo whose answer was lost and that a retry found already done.
    expect(undoEntries.filter((e) => !e.userLabel)).toEqual([])
  })

  it('ends every session of 1,000 users', { timeout: 240_000 }, async () => {
    const b = await hostWithSandbox({ dataDir: tempDir(), seed: 1000 })
    benches.push(b)
    const users = rawUsers(b)
    // Everyone active gets at least one more session, made through the API.
    const ids = [...b.sandbox.store.users.values()].filter((u) => u.status).map((u) => u.$id)
    for (let i = 0; i < ids.length; i += 50)
      await Promise.all(ids.slice(i, i + 50).map((userId) => users.createSession({ userId })))
    const sessionsBefore = new Map(ids.map((id) => [id, b.sandbox.store.sessions.forUser(id).length]))

    const planned = await call(b.host, 'sessions.bulkKill', { project: b.project, selection: { all: true } })
    b.sandbox.setFaults(FAULTS)
    const preview = await wholePreview(b.host, planned.id)
    await call(b.host, 'jobs.start', { jobId: planned.id })
    const done = await b.host.services.jobs.wait(planned.id)
    b.sandbox.setFaults({})

    expect(done.state).toBe('completed')
    expect((await b.host.services.jobs.report(planned.id)).filter((r) => r.outcome === 'failed')).toEqual([])
    expect(done.counts.done + done.counts.skipped).toBe(1000)
    expect(done.counts.done).toBe(preview.counts.change)
    expect(done.retries).toBeGreaterThan(0)
    for (const row of preview.rows) {
      const expected = row.action === 'change' ? sessionsBefore.get(row.key) : 0
      expect((row.before as { sessions: number }).sessions).toBe(expected ?? 0)
      const left = await users.listSessions({ userId: row.key })
      expect(left.total).toBe(0)
    }
    // Exactly one audit entry per user whose sessions were ended, with the count they had.
    const audit = b.host.core.audit.list({ jobId: planned.id })
    expect(audit).toHaveLength(preview.counts.change)
    for (const e of audit)
      expect((e.before as { sessions: number }).sessions).toBe(sessionsBefore.get(e.userId!))
  })
})
