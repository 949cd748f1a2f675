import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, wholePreview, type Bench } from './harness'

describe('bulk label jobs: preview, run, report, undo', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 120 })
  })
  afterAll(() => b.close())

  it('adds a label by read-modify-write, keeping every other label, exactly as previewed', async () => {
    const before = new Map([...b.sandbox.store.users.values()].map((u) => [u.$id, [...u.labels]]))
    const planned = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['incident42'],
    })
    expect(planned.state).toBe('planned')
    const preview = await wholePreview(b.host, planned.id)
    expect(preview.counts.total).toBe(120)
    // Nothing written by the dry run.
    for (const u of b.sandbox.store.users.values()) expect(u.labels).toEqual(before.get(u.$id))

    await call(b.host, 'jobs.start', { jobId: planned.id })
    const done = await b.host.services.jobs.wait(planned.id)
    expect(done.state).toBe('completed')
    expect(done.counts).toMatchObject({ total: 120, done: 120, skipped: 0, failed: 0 })
    for (const row of preview.rows) {
      expect(row.action).toBe('change')
      expect(b.sandbox.store.getUser(row.key)!.labels).toEqual((row.after as { labels: string[] }).labels)
      expect(row.before).toEqual({ labels: before.get(row.key) })
    }

    const report = await call(b.host, 'jobs.report', { jobId: planned.id, format: 'csv' })
    expect(report.text.trim().split('\n')).toHaveLength(121)
    const journal = readFileSync(join(b.host.dataDir, 'jobs', planned.id, 'journal.jsonl'), 'utf8')
    expect(journal.trim().split('\n')).toHaveLength(240)
    const audit = await call(b.host, 'activity.list', { jobId: planned.id, limit: 1000 })
    expect(audit.entries).toHaveLength(120)
    expect(audit.entries.every((e) => e.undoable && e.action === 'labels.add')).toBe(true)
  })

  it('renames a label only on the users that carry it, and the whole job undoes from Activity', async () => {
    const carriers = [...b.sandbox.store.users.values()].filter((u) => u.labels.includes('incident42'))
    await call(b.host, 'users.update', {
      project: b.project,
      userId: carriers[0]!.$id,
      change: { addLabels: ['keepme'] },
    })
    const planned = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { labels: ['incident42'] },
      op: 'rename',
      labels: ['incident42'],
      to: 'incident43',
    })
    await call(b.host, 'jobs.start', { jobId: planned.id })
    const done = await b.host.services.jobs.wait(planned.id)
    expect(done.counts.done).toBe(carriers.length)
    const first = b.sandbox.store.getUser(carriers[0]!.$id)!
    expect(first.labels).toContain('keepme')
    expect(first.labels).toContain('incident43')
    expect(first.labels).not.toContain('incident42')

    const undo = await call(b.host, 'activity.undoJob', { jobId: planned.id })
    const undone = await b.host.services.jobs.wait(undo.id)
    expect(undone.counts).toMatchObject({ done: carriers.length, failed: 0 })
    for (const u of carriers) expect(b.sandbox.store.getUser(u.$id)!.labels).toContain('incident42')
    expect(b.sandbox.store.getUser(carriers[0]!.$id)!.labels).toContain('keepme')
  })

  it('refuses a label that breaks Appwrite rules, saying which rule', async () => {
    const r = await b.host.dispatch('labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['not-ok'],
    })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/only letters/)
  })
})
