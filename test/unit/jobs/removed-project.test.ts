import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'

describe('a job whose project has been removed since it was planned', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 5 })
  })
  afterAll(() => b.close())

  it('is refused by name at its preview and its start, and writes nothing', async () => {
    const job = await call(b.host, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['orphan'],
    })
    await call(b.host, 'projects.remove', { project: b.project })
    const removed =
      '"Bulk test", the project this job was planned for, has been removed, so the job cannot run. Add the project again and plan the job anew.'
    for (const channel of ['jobs.preview', 'jobs.start'] as const) {
      const r = await b.host.dispatch(channel, { jobId: job.id })
      expect(r.ok || r.error).toMatchObject({ code: 'not_found', message: removed })
    }
    // The job still lists under the name it had; nothing reached the server.
    expect((await call(b.host, 'jobs.get', { jobId: job.id })).projectName).toBe('Bulk test')
    expect([...b.sandbox.store.users.values()].some((u) => u.labels.includes('orphan'))).toBe(false)
  })

  it('its changes show as "project removed" in Activity, and an undo of them is refused by name', async () => {
    const b2 = await hostWithSandbox({ dataDir: tempDir(), seed: 3 })
    try {
      const job = await call(b2.host, 'labels.bulk', {
        project: b2.project,
        selection: { all: true },
        op: 'add',
        labels: ['gone'],
      })
      await call(b2.host, 'jobs.start', { jobId: job.id })
      await b2.host.services.jobs.wait(job.id)
      const [someone] = [...b2.sandbox.store.users.values()]
      const edit = await call(b2.host, 'users.update', {
        project: b2.project,
        userId: someone!.$id,
        change: { name: 'Renamed before removal' },
      })
      const listed = () => call(b2.host, 'activity.list', { groupJobs: true, limit: 100 })
      // Before the removal both can be undone.
      const before = await listed()
      expect(before.jobs?.[job.id]).toMatchObject({ undoable: 3 })
      expect(before.jobs?.[job.id]?.undoBlocked).toBeUndefined()
      expect(before.entries.find((e) => e.id === edit.entryId)).toMatchObject({ undoable: true })

      await call(b2.host, 'projects.remove', { project: b2.project })
      const after = await listed()
      expect(after.jobs?.[job.id]).toMatchObject({ undoable: 0, undoBlocked: 'project_removed' })
      expect(after.entries.find((e) => e.id === edit.entryId)).toMatchObject({
        undoable: false,
        undoBlocked: 'project_removed',
      })
      const refused =
        '"Bulk test" has been removed from Userdeck, so its changes cannot be undone here. A project added again is new to Userdeck and does not take on the history of the one removed.'
      for (const plan of [true, false]) {
        const r = await b2.host.dispatch('activity.undoJob', { jobId: job.id, plan })
        expect(r.ok || r.error).toMatchObject({ code: 'not_found', message: refused })
      }
      const one = await b2.host.dispatch('activity.undo', { entryId: edit.entryId })
      expect(one.ok || one.error).toMatchObject({ code: 'not_found', message: refused })
      expect(b2.sandbox.store.users.get(someone!.$id)?.name).toBe('Renamed before removal')
    } finally {
      await b2.close()
    }
  })

  it('one planned on a project named by URL is refused elsewhere with the flags that name it again', async () => {
    const dataDir = tempDir()
    const b3 = await hostWithSandbox({ dataDir: tempDir(), seed: 2 })
    try {
      const open = () =>
        createHostInternals({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
      const planner = await open()
      const named = await call(planner, 'projects.connect', {
        endpoint: b3.sandbox.url,
        projectId: 'bulk',
        key: 'standard_jobs_test_key_0123456789abcdef',
      })
      const job = await call(planner, 'labels.bulk', {
        project: named.id,
        selection: { all: true },
        op: 'add',
        labels: ['elsewhere'],
      })
      await planner.close()
      // A later run that did not name the project: the job is known, its project is not.
      const later = await open()
      try {
        const r = await later.dispatch('jobs.start', { jobId: job.id })
        expect(r.ok || r.error).toMatchObject({
          code: 'not_found',
          message: `This job was planned for ${b3.sandbox.url} (project bulk) from the command line. Run it there, with the same --endpoint, --project-id and --key-env.`,
        })
      } finally {
        await later.close()
      }
      expect([...b3.sandbox.store.users.values()].some((u) => u.labels.includes('elsewhere'))).toBe(false)
    } finally {
      await b3.close()
    }
  })
})
