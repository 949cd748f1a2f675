import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from '../jobs/harness'

describe('activity: the audit log, filtered and paged', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 30 })
  })
  afterAll(() => b.close())

  it('pages newest first and filters by project, user, action and job', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['act'],
    })
    await call(b.host, 'jobs.start', { jobId: job.id })
    await b.host.services.jobs.wait(job.id)
    const someone = [...b.sandbox.store.users.keys()][3]!
    await call(b.host, 'users.update', {
      project: b.project,
      userId: someone,
      change: { addLabels: ['solo'] },
    })

    const first = await call(b.host, 'activity.list', { project: b.project, limit: 20 })
    expect(first.entries).toHaveLength(20)
    expect(first.entries[0]).toMatchObject({
      action: 'users.update',
      userId: someone,
      undoable: true,
      undone: false,
    })
    const second = await call(b.host, 'activity.list', {
      project: b.project,
      limit: 20,
      before: first.nextBefore!,
    })
    expect(second.entries).toHaveLength(11)
    expect(second.nextBefore).toBeNull()
    const ids = new Set([...first.entries, ...second.entries].map((e) => e.id))
    expect(ids.size).toBe(31)

    expect((await call(b.host, 'activity.list', { jobId: job.id, limit: 1000 })).entries).toHaveLength(30)
    expect((await call(b.host, 'activity.list', { userId: someone })).entries).toHaveLength(2)
    expect((await call(b.host, 'activity.list', { action: 'users.update' })).entries).toHaveLength(1)
    expect((await call(b.host, 'activity.list', { project: 'elsewhere' })).entries).toHaveLength(0)

    // Grouped, the job's 30 entries are one row with their summary, whatever the page size.
    const grouped = await call(b.host, 'activity.list', { project: b.project, limit: 1, groupJobs: true })
    expect(grouped.entries.map((e) => e.action)).toEqual(['users.update'])
    const rest = await call(b.host, 'activity.list', {
      project: b.project,
      limit: 1,
      groupJobs: true,
      before: grouped.nextBefore!,
    })
    expect(rest.entries).toHaveLength(1)
    expect(rest.entries[0]!.jobId).toBe(job.id)
    expect(rest.nextBefore).toBeNull()
    expect(rest.jobs?.[job.id]).toMatchObject({
      count: 30,
      undoable: 30,
      undone: 0,
      actions: { 'labels.add': 30 },
    })
  })

  it('plans an undo when asked to: previewed with each person named, written only once started', async () => {
    const someone = [...b.sandbox.store.users.values()].find((u) => u.name)!
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { ids: [someone.$id] },
      op: 'add',
      labels: ['planned'],
    })
    await call(b.host, 'jobs.start', { jobId: job.id })
    await b.host.services.jobs.wait(job.id)
    const undo = await call(b.host, 'activity.undoJob', { jobId: job.id, plan: true })
    expect(undo.state).toBe('planned')
    const preview = await call(b.host, 'jobs.preview', { jobId: undo.id })
    expect(preview.rows).toEqual([
      expect.objectContaining({ key: someone.$id, label: someone.name, action: 'change' }),
    ])
    expect(b.sandbox.store.getUser(someone.$id)!.labels).toContain('planned')
    await call(b.host, 'jobs.start', { jobId: undo.id })
    await b.host.services.jobs.wait(undo.id)
    expect(b.sandbox.store.getUser(someone.$id)!.labels).not.toContain('planned')
    // Undone once, the job has nothing left to undo, and says so.
    const again = await b.host.dispatch('activity.undoJob', { jobId: job.id })
    expect(again.ok || again.error.message).toBe('Every change of this job has been undone already.')
  })

  it('says why a job that changed nobody has nothing to undo', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { ids: ['nobody-has-this-id'] },
      op: 'add',
      labels: ['never'],
    })
    await call(b.host, 'jobs.start', { jobId: job.id })
    await b.host.services.jobs.wait(job.id)
    const r = await b.host.dispatch('activity.undoJob', { jobId: job.id })
    expect(r.ok || r.error.message).toBe('This job changed nobody, so there is nothing to undo.')
  })

  it('refuses to undo a job that wrote nothing undoable', async () => {
    const job = await call(b.host, 'sessions.bulkKill', { project: b.project, selection: { all: true } })
    await call(b.host, 'jobs.start', { jobId: job.id })
    await b.host.services.jobs.wait(job.id)
    const r = await b.host.dispatch('activity.undoJob', { jobId: job.id })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/cannot be brought back/)
  })
})
