import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import { applyLabelChange } from '../../../src/host/labels/label-ops'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, wholePreview, type Bench } from '../jobs/harness'

describe('label rules', () => {
  it('computes every operation from the current set, keeping labels not named', () => {
    expect(applyLabelChange(['a', 'b'], { op: 'add', labels: ['c', 'a'] })).toEqual(['a', 'b', 'c'])
    expect(applyLabelChange(['a', 'b', 'c'], { op: 'remove', labels: ['b', 'x'] })).toEqual(['a', 'c'])
    expect(applyLabelChange(['a', 'b'], { op: 'set', labels: ['z'] })).toEqual(['z'])
    expect(applyLabelChange(['a', 'b'], { op: 'rename', labels: ['a'], to: 'b' })).toEqual(['b'])
    expect(applyLabelChange(['x'], { op: 'rename', labels: ['a'], to: 'b' })).toEqual(['x'])
  })

  it('refuses to go past Appwrite’s 1,000 labels', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `l${i}`)
    expect(() => applyLabelChange(many, { op: 'add', labels: ['one'] })).toThrow(/1000/)
  })
})

describe('labels through the host', () => {
  let b: Bench
  let users: Users
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 80 })
    users = new Users(
      new Client()
        .setEndpoint(b.sandbox.url)
        .setProject('bulk')
        .setKey('standard_jobs_test_key_0123456789abcdef'),
    )
  })
  afterAll(() => b.close())

  it('counts every label of the project with its users', async () => {
    const overview = await call(b.host, 'labels.overview', { project: b.project, refresh: true })
    const expected = new Map<string, number>()
    for (const u of b.sandbox.store.users.values())
      for (const l of u.labels) expected.set(l, (expected.get(l) ?? 0) + 1)
    expect(overview.scannedUsers).toBe(80)
    expect(new Map(overview.labels.map((l) => [l.label, l.users]))).toEqual(expected)
  })

  it('edits one user read-modify-write: a label added meanwhile by someone else survives', async () => {
    const user = [...b.sandbox.store.users.values()][0]!
    await users.updateLabels({ userId: user.$id, labels: ['alpha'] })
    // Someone else adds "beta" after the editor loaded the user.
    await users.updateLabels({ userId: user.$id, labels: ['alpha', 'beta'] })
    const gammas = async () =>
      (await call(b.host, 'labels.overview', { project: b.project })).labels.find((l) => l.label === 'gamma')
        ?.users ?? 0
    const gammasBefore = await gammas()
    const saved = await call(b.host, 'users.update', {
      project: b.project,
      userId: user.$id,
      change: { addLabels: ['gamma'], removeLabels: ['alpha'] },
    })
    expect(saved.user?.labels).toEqual(['beta', 'gamma'])
    // The overview, cached before, counts the edit without being asked to refresh.
    expect(await gammas()).toBe(gammasBefore + 1)
    const entry = b.host.core.audit.get(saved.entryId)
    expect(entry).toMatchObject({
      action: 'users.update',
      before: { labels: ['alpha', 'beta'] },
      after: { labels: ['beta', 'gamma'] },
    })

    // Undo refuses to overwrite a later change, unless forced.
    await users.updateLabels({ userId: user.$id, labels: ['beta', 'gamma', 'delta'] })
    const refused = await b.host.dispatch('activity.undo', { entryId: entry!.id })
    expect(refused.ok).toBe(false)
    if (!refused.ok) expect(refused.error.code).toBe('conflict')
    await call(b.host, 'activity.undo', { entryId: entry!.id, force: true })
    expect(b.sandbox.store.getUser(user.$id)!.labels).toEqual(['alpha', 'beta'])
  })

  it('removes and sets labels in bulk with a before → after preview that the run matches', async () => {
    const ids = [...b.sandbox.store.users.keys()].slice(0, 10)
    const set = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { ids },
      op: 'set',
      labels: ['one', 'two'],
    })
    await call(b.host, 'jobs.start', { jobId: set.id })
    await b.host.services.jobs.wait(set.id)
    const remove = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { labels: ['two'] },
      op: 'remove',
      labels: ['two'],
    })
    const preview = await wholePreview(b.host, remove.id)
    expect(preview.counts.change).toBe(10)
    await call(b.host, 'jobs.start', { jobId: remove.id })
    const done = await b.host.services.jobs.wait(remove.id)
    expect(done.counts.done).toBe(10)
    for (const row of preview.rows)
      expect(b.sandbox.store.getUser(row.key)!.labels).toEqual(row.after!.labels)
    for (const id of ids) expect(b.sandbox.store.getUser(id)!.labels).toEqual(['one'])
  })

  it("selects with the user browser's filters: the same users the list shows", async () => {
    const blocked = [...b.sandbox.store.users.values()].filter((u) => !u.status).map((u) => u.$id)
    expect(blocked.length).toBeGreaterThan(0)
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { filters: { status: 'blocked' } },
      op: 'add',
      labels: ['blockedusers'],
    })
    // The title names whom the filters pick.
    expect(job.title).toBe('Add blockedusers — blocked users')
    const preview = await wholePreview(b.host, job.id)
    expect(new Set(preview.rows.map((r) => r.key))).toEqual(new Set(blocked))
  })
})
