/**
 * "Confirm every write" is enforced by the host, not by the window: through the same dispatcher the
 * window uses, each kind of write without the confirmation is refused before Appwrite is asked, and
 * the server's data stays as it was; with it, the write goes through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import type { Channel, Input, Output } from '@shared/contract'
import type { JobView } from '@shared/models/jobs'
import { bulkUserChanges } from '@shared/models/bulk'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import type { RunningSandbox } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'
import { sandbox } from './fixtures'

const KEY = 'standard_safe_mode_0123456789abcdef'
const NAME = 'Shop'

describe('a project that confirms every write', () => {
  let host: Host
  let sb: RunningSandbox
  let project: string
  let appwrite: Users
  let userId: string

  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await host.dispatch(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as Output<C>
  }

  /** Sends the write without the confirmation, then with a wrong one: both refused, nothing changed. */
  async function refusedUnconfirmed<C extends Channel>(channel: C, input: Input<C>): Promise<void> {
    const before = JSON.stringify(sb.store.getUser(userId))
    for (const confirm of [undefined, 'shop']) {
      const result = await host.dispatch(channel, { ...input, ...(confirm ? { confirm } : {}) })
      expect(result, channel).toMatchObject({
        ok: false,
        error: { code: 'confirmation_required', field: 'confirm' },
      })
      if (!result.ok) expect(result.error.message).toContain(`"${NAME}" asks before every write`)
    }
    expect(JSON.stringify(sb.store.getUser(userId))).toBe(before)
  }

  function finished(jobId: string): Promise<JobView> {
    return new Promise((resolve) => {
      const off = host.events.subscribe((event, payload) => {
        const job = payload as JobView
        if (event === 'jobs.changed' && job.id === jobId && job.state === 'completed') {
          off()
          resolve(job)
        }
      })
    })
  }

  beforeAll(async () => {
    sb = await sandbox({ apiKey: KEY })
    host = await createHost({
      dataDir: tempDir(),
      shell: 'cli',
      demo: false,
      secrets: new MemorySecretStore(),
    })
    const view = await call('projects.add', {
      name: NAME,
      endpoint: sb.url,
      projectId: 'shop',
      key: KEY,
      tag: 'production',
    })
    expect(view.safeMode).toBe('confirm')
    project = view.id
    appwrite = new Users(new Client().setEndpoint(sb.url).setProject('shop').setKey(KEY))
    userId = [...sb.store.users.values()].find((u) => u.status)!.$id
  })
  afterAll(() => host.close())

  it('refuses an edit, a block and a password change without it, and makes them with it', async () => {
    await refusedUnconfirmed('users.update', { project, userId, change: { name: 'Renamed' } })
    await refusedUnconfirmed('users.update', { project, userId, change: { status: false } })
    await refusedUnconfirmed('users.updatePassword', { project, userId, password: 'a-new-password-1' })
    await call('users.update', { project, userId, change: { name: 'Renamed' }, confirm: NAME })
    await call('users.update', { project, userId, change: { status: false }, confirm: NAME })
    await call('users.updatePassword', { project, userId, password: 'a-new-password-1', confirm: NAME })
    expect(sb.store.getUser(userId)).toMatchObject({ name: 'Renamed', status: false })
  })

  it('refuses ending one session or all of them without it', async () => {
    const session = await appwrite.createSession({ userId })
    await appwrite.createSession({ userId })
    await refusedUnconfirmed('sessions.kill', { project, userId, sessionId: session.$id })
    await refusedUnconfirmed('sessions.kill', { project, userId })
    expect(sb.store.sessions.forUser(userId)).toHaveLength(2)
    expect(await call('sessions.kill', { project, userId, sessionId: session.$id, confirm: NAME })).toEqual({
      ended: 1,
    })
    expect(await call('sessions.kill', { project, userId, confirm: NAME })).toEqual({ ended: 1 })
    expect(sb.store.sessions.forUser(userId)).toHaveLength(0)
  })

  it('refuses undoing an entry or a whole job without it', async () => {
    const written = await call('users.update', {
      project,
      userId,
      change: { name: 'Once more' },
      confirm: NAME,
    })
    await refusedUnconfirmed('activity.undo', { entryId: written.entryId })
    await call('activity.undo', { entryId: written.entryId, confirm: NAME })
    expect(sb.store.getUser(userId)!.name).toBe('Renamed')

    const job = await call('labels.bulk', {
      project,
      selection: { ids: [userId] },
      op: 'add',
      labels: ['vip'],
    })
    await refusedUnconfirmed('jobs.start', { jobId: job.id })
    const done = finished(job.id)
    await call('jobs.start', { jobId: job.id, confirm: NAME })
    await done
    expect(sb.store.getUser(userId)!.labels).toContain('vip')
    const undoJobs = async () => (await call('jobs.list', {})).filter((j) => j.kind === 'undo')
    await refusedUnconfirmed('activity.undoJob', { jobId: job.id })
    // A refused undo plans nothing: the list holds only the undo that was confirmed.
    expect(await undoJobs()).toEqual([])
    const undo = await call('activity.undoJob', { jobId: job.id, confirm: NAME })
    expect((await undoJobs()).map((j) => j.id)).toEqual([undo.id])
    await finished(undo.id)
    expect(sb.store.getUser(userId)!.labels).not.toContain('vip')
  })

  it('a confirmed job writes every row: each bulk change, labels and the lock-out', async () => {
    const selection = { ids: [userId] }
    const run = async (job: JobView) => {
      const done = finished(job.id)
      await call('jobs.start', { jobId: job.id, confirm: NAME })
      return (await done).counts
    }
    // The run's confirmation goes with each row's write: without it every row was refused.
    for (const change of bulkUserChanges) {
      const counts = await run(await call('users.bulkChange', { project, selection, change }))
      expect({ change, failed: counts.failed, written: counts.done + counts.skipped }).toEqual({
        change,
        failed: 0,
        written: 1,
      })
    }
    expect(sb.store.getUser(userId)).toMatchObject({ emailVerification: false, phoneVerification: false })
    const labelled = await run(
      await call('labels.bulk', { project, selection, op: 'add', labels: ['every'] }),
    )
    expect(labelled).toMatchObject({ done: 1, failed: 0 })
    expect(sb.store.getUser(userId)!.labels).toContain('every')
  })

  it("says what a planned job's start asks, as the guard decides it, in the project's name now", async () => {
    const selection = { ids: [userId] }
    /** What the view says the start asks, and what starting it without a confirmation meets. */
    const asks = async (job: JobView) => {
      const refused = await host.dispatch('jobs.start', { jobId: job.id })
      return { startAsks: job.startAsks, refusal: refused.ok ? null : refused.error.message }
    }
    const labels = () => call('labels.bulk', { project, selection, op: 'add', labels: ['asked'] })
    const lockOut = () => call('sessions.lockOut', { project, selection })
    const asksEveryWrite = `"${NAME}" asks before every write: confirm this change to make it.`
    const typeItsName = (name: string) => `"${name}" is a production project: type its name to confirm.`

    expect(await asks(await labels())).toEqual({ startAsks: 'confirmation', refusal: asksEveryWrite })
    expect(await asks(await lockOut())).toEqual({ startAsks: 'name', refusal: typeItsName(NAME) })

    // Production with its safe mode off: only a destructive job asks, and for the name.
    await call('projects.update', { project, safeMode: 'off', proof: KEY })
    const plainLabels = await labels()
    expect(plainLabels.startAsks).toBeNull()
    const lock = await lockOut()
    await call('projects.update', { project, name: 'Shop live' })
    const renamed = await call('jobs.get', { jobId: lock.id })
    expect(renamed.projectName).toBe('Shop live')
    expect(await asks(renamed)).toEqual({ startAsks: 'name', refusal: typeItsName('Shop live') })

    // Past planning it asks nothing more: a started job's view says so.
    const done = finished(plainLabels.id)
    expect((await call('jobs.start', { jobId: plainLabels.id })).startAsks).toBeNull()
    await done
    await call('projects.update', { project, name: NAME, safeMode: 'confirm' })
  })

  it('plans a job without it: nothing is written until the run is confirmed', async () => {
    const job = await call('sessions.lockOut', { project, selection: { ids: [userId] } })
    expect(job.state).toBe('planned')
    const preview = await call('jobs.preview', { jobId: job.id })
    expect(preview.counts.total).toBe(1)
  })
})
