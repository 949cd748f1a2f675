import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, wholePreview, type Bench } from '../jobs/harness'

describe('sessions of one user, and the lock-out job', () => {
  let b: Bench
  let users: Users
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 40 })
    users = new Users(
      new Client()
        .setEndpoint(b.sandbox.url)
        .setProject('bulk')
        .setKey('standard_jobs_test_key_0123456789abcdef'),
    )
  })
  afterAll(() => b.close())

  const activeUser = () => [...b.sandbox.store.users.values()].find((u) => u.status)!.$id

  it('lists a user’s sessions, ends one, then all, and records each in the audit log as final', async () => {
    const userId = activeUser()
    await users.createSession({ userId })
    await users.createSession({ userId })
    const listed = await call(b.host, 'sessions.list', { project: b.project, userId })
    expect(listed.length).toBeGreaterThanOrEqual(2)
    expect(listed[0]).toHaveProperty('clientName')

    const one = await call(b.host, 'sessions.kill', { project: b.project, userId, sessionId: listed[0]!.id })
    expect(one.ended).toBe(1)
    expect(await call(b.host, 'sessions.list', { project: b.project, userId })).toHaveLength(
      listed.length - 1,
    )

    const rest = await call(b.host, 'sessions.kill', { project: b.project, userId })
    expect(rest.ended).toBe(listed.length - 1)
    expect(await call(b.host, 'sessions.list', { project: b.project, userId })).toHaveLength(0)

    const log = await call(b.host, 'activity.list', { userId, action: 'sessions.kill' })
    expect(log.entries).toHaveLength(2)
    expect(log.entries[1]!.before).toEqual({ sessions: 1, sessionIds: [listed[0]!.id] })
    expect(log.entries.every((e) => !e.undoable)).toBe(true)
    // Each names whose sessions they were, beside the id.
    const user = b.sandbox.store.getUser(userId)!
    expect(log.entries.map((e) => e.userLabel)).toEqual([user.name, user.name])
    const undo = await b.host.dispatch('activity.undo', { entryId: log.entries[0]!.id })
    expect(undo.ok).toBe(false)
    if (!undo.ok) expect(undo.error.code).toBe('invalid_request')
  })

  it('ends the sessions of a selection, each entry naming its user as the selection read them', async () => {
    const picked = [...b.sandbox.store.users.values()].filter((u) => u.email).slice(5, 8)
    for (const u of picked) await users.createSession({ userId: u.$id })
    const job = await call(b.host, 'sessions.bulkKill', {
      project: b.project,
      selection: { ids: picked.map((u) => u.$id) },
    })
    await call(b.host, 'jobs.start', { jobId: job.id })
    expect((await b.host.services.jobs.wait(job.id)).counts.done).toBe(3)
    const ended = await call(b.host, 'activity.list', { jobId: job.id })
    expect(ended.entries.map((e) => [e.userId, e.userLabel]).sort()).toEqual(
      picked.map((u) => [u.$id, u.email]).sort(),
    )
  })

  it('locks out users with a label: blocked, signed out, and the block undone per entry', async () => {
    const targets = [...b.sandbox.store.users.values()].filter((u) => u.status).slice(0, 4)
    for (const u of targets) {
      await users.updateLabels({ userId: u.$id, labels: [...u.labels, 'contractor'] })
      await users.createSession({ userId: u.$id })
    }
    const job = await call(b.host, 'sessions.lockOut', {
      project: b.project,
      selection: { labels: ['contractor'] },
    })
    const preview = await wholePreview(b.host, job.id)
    expect(preview.counts).toMatchObject({ total: 4, change: 4 })
    expect(preview.rows[0]!.after).toEqual({ status: 'blocked', sessions: 0 })
    await call(b.host, 'jobs.start', { jobId: job.id })
    const done = await b.host.services.jobs.wait(job.id)
    expect(done.counts.done).toBe(4)
    for (const u of targets) {
      expect(b.sandbox.store.getUser(u.$id)!.status).toBe(false)
      expect(b.sandbox.store.sessions.forUser(u.$id)).toHaveLength(0)
    }
    const blocks = await call(b.host, 'activity.list', { jobId: job.id, action: 'users.lockOut' })
    expect(blocks.entries).toHaveLength(4)
    const ended = await call(b.host, 'activity.list', { jobId: job.id, action: 'sessions.kill' })
    expect(ended.entries).toHaveLength(4)
    for (const e of ended.entries) expect(e.userLabel).toBe(b.sandbox.store.getUser(e.userId!)!.name)
    const undone = await call(b.host, 'activity.undo', { entryId: blocks.entries[0]!.id })
    expect(undone.undoOf).toBe(blocks.entries[0]!.id)
    expect(b.sandbox.store.getUser(blocks.entries[0]!.userId!)!.status).toBe(true)
    const again = await b.host.dispatch('activity.undo', { entryId: blocks.entries[0]!.id })
    expect(again.ok).toBe(false)
  })
})
