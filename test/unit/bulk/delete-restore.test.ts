import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client, Users } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore, type SecretStore } from '../../../src/host/projects/secret-store'
import { SEED_PASSWORD, startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { FileKeychain } from '../helpers/file-keychain'
import { tempDir } from '../helpers/temp-dir'
import { login } from '../import/helpers'
import { call, wholePreview } from '../jobs/harness'

const KEY = 'delete_restore_test_key'
const ANONYMOUS = 15

interface Env {
  host: HostInternals
  sandbox: RunningSandbox
  project: string
  dataDir: string
  users: Users
}

async function environment(secrets: SecretStore, seed = 200): Promise<Env> {
  const dataDir = join(tempDir(), 'data')
  const sandbox = await startSandbox({ port: 0, projectId: 'bulk', apiKey: KEY, seed, quiet: true })
  const host = await createHostInternals({ dataDir, shell: 'cli', secrets, demo: false })
  const added = await call(host, 'projects.add', {
    name: 'Delete test',
    endpoint: sandbox.url,
    projectId: 'bulk',
    key: KEY,
  })
  const users = new Users(new Client().setEndpoint(sandbox.url).setProject('bulk').setKey(KEY))
  return { host, sandbox, project: added.id, dataDir, users }
}

async function close(env: Env) {
  await env.host.close()
  await env.sandbox.close()
}

/** Every file under the data folder, as bytes. */
function filesUnder(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => join(dir, rel))
    .filter((p) => statSync(p).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }))
}

describe('bulk delete keeps sealed restore copies, and its undo brings the users back', () => {
  let env: Env
  let anonymous: string[]
  beforeAll(async () => {
    env = await environment(new FileKeychain(join(tempDir(), 'keychain.json')))
    anonymous = []
    for (let i = 0; i < ANONYMOUS; i++) anonymous.push((await env.users.create({ userId: `anon${i}` })).$id)
  })
  afterAll(() => close(env))

  it('selects the anonymous users by filter, previews what cannot come back, deletes exactly them', async () => {
    const before = new Map([...env.sandbox.store.users.values()].map((u) => [u.$id, JSON.stringify(u)]))
    const planned = await call(env.host, 'users.bulkDelete', {
      project: env.project,
      selection: { filters: { anonymous: true } },
    })
    expect(planned.destructive).toBe(true)
    const preview = await wholePreview(env.host, planned.id)
    expect(preview.rows.map((r) => r.key).sort()).toEqual([...anonymous].sort())
    expect(preview.counts).toEqual({ change: ANONYMOUS, skip: 0, fail: 0, total: ANONYMOUS })
    const full = await call(env.host, 'jobs.preview', { jobId: planned.id })
    expect(full.lost).toEqual({ sessions: 0, identities: 0, targets: 0, memberships: 0 })

    await call(env.host, 'jobs.start', { jobId: planned.id })
    const job = await env.host.services.jobs.wait(planned.id)
    expect(job.counts).toMatchObject({ done: ANONYMOUS, failed: 0 })
    for (const id of anonymous) expect(env.sandbox.store.getUser(id)).toBeUndefined()
    for (const [id, json] of before)
      if (!anonymous.includes(id)) expect(JSON.stringify(env.sandbox.store.getUser(id))).toBe(json)

    const info = await call(env.host, 'users.restoreInfo', { jobId: planned.id })
    expect(info.kept).toBe(ANONYMOUS)
    expect(Date.parse(info.expiresAt!) - Date.now()).toBeGreaterThan(29 * 24 * 3600 * 1000)
    expect(statSync(info.path!).mode & 0o777).toBe(0o600)
    const report = await env.host.services.jobs.report(planned.id)
    expect(
      report.every((r) => r.outcome === 'done' && /restore copy is kept for 30 days/.test(r.reason!)),
    ).toBe(true)

    const undo = await call(env.host, 'activity.undoJob', { jobId: planned.id })
    expect((await env.host.services.jobs.wait(undo.id)).counts).toMatchObject({ done: ANONYMOUS, failed: 0 })
    for (const id of anonymous) expect(env.sandbox.store.getUser(id)).toBeDefined()
  })

  it('brings back users with passwords: same id, same hash, the old password signs in; no hash in any file', async () => {
    const withPassword = [...env.sandbox.store.users.values()]
      .filter((u) => u.email && u.password && u.labels.length > 0)
      .slice(0, 20)
    const originals = new Map(withPassword.map((u) => [u.$id, structuredClone(u)]))
    const planned = await call(env.host, 'users.bulkDelete', {
      project: env.project,
      selection: { ids: [...originals.keys()] },
    })
    // Sessions, identities, targets and memberships go with them, and the preview counts them.
    const preview = await call(env.host, 'jobs.preview', { jobId: planned.id })
    const sessions = [...originals.keys()].reduce(
      (n, id) => n + env.sandbox.store.sessions.forUser(id).length,
      0,
    )
    expect(preview.lost?.sessions).toBe(sessions)
    await call(env.host, 'jobs.start', { jobId: planned.id })
    await env.host.services.jobs.wait(planned.id)
    for (const id of originals.keys()) expect(env.sandbox.store.getUser(id)).toBeUndefined()

    for (const { path, bytes } of filesUnder(env.dataDir))
      for (const u of originals.values())
        expect(bytes.includes(Buffer.from(u.password!)), `${u.$id}'s hash in ${path}`).toBe(false)

    // One user is recreated by someone else before the undo: reported, left as it is.
    const [takenId, taken] = [...originals].at(-1)!
    await env.users.create({ userId: takenId, email: 'someone.else@example.com' })

    const undo = await call(env.host, 'activity.undoJob', { jobId: planned.id })
    const done = await env.host.services.jobs.wait(undo.id)
    expect(done.counts).toMatchObject({ done: originals.size - 1, skipped: 1, failed: 0 })
    const report = await env.host.services.jobs.report(undo.id)
    expect(report.find((r) => r.key === takenId)?.reason).toMatch(/someone else/)
    expect(env.sandbox.store.getUser(takenId)!.email).toBe('someone.else@example.com')
    expect(taken.email).not.toBe('someone.else@example.com')

    for (const [id, u] of originals) {
      if (id === takenId) continue
      const back = env.sandbox.store.getUser(id)!
      expect(back.password).toBe(u.password)
      expect(back.hash).toBe(u.hash)
      expect(back).toMatchObject({
        email: u.email,
        phone: u.phone,
        name: u.name,
        labels: u.labels,
        prefs: u.prefs,
        status: u.status,
        emailVerification: u.emailVerification,
        phoneVerification: u.phoneVerification,
      })
    }
    const active = [...originals.values()].find((u) => u.status && u.$id !== takenId)!
    expect(await login(env.sandbox, active.email!, SEED_PASSWORD)).toBe(true)

    // Activity shows the deletions as undone now.
    const page = await call(env.host, 'activity.list', { jobId: planned.id })
    expect(page.entries.filter((e) => e.action === 'users.delete' && e.undone)).toHaveLength(
      originals.size - 1,
    )
  })

  it('one deleted user comes back from its Activity entry', async () => {
    const user = [...env.sandbox.store.users.values()].find((u) => u.email && !u.labels.includes('x'))!
    const planned = await call(env.host, 'users.bulkDelete', {
      project: env.project,
      selection: { ids: [user.$id] },
    })
    await call(env.host, 'jobs.start', { jobId: planned.id })
    await env.host.services.jobs.wait(planned.id)
    const [entry] = (await call(env.host, 'activity.list', { jobId: planned.id })).entries
    expect(entry).toMatchObject({ action: 'users.delete', undoable: true })
    await call(env.host, 'activity.undo', { entryId: entry!.id })
    expect(env.sandbox.store.getUser(user.$id)?.email).toBe(user.email)
  })
})

describe('undo under faults', () => {
  it('brings back every user of a delete once each, through 5xx, 429 and dropped connections', async () => {
    const env = await environment(new FileKeychain(join(tempDir(), 'keychain.json')), 300)
    try {
      const before = new Map([...env.sandbox.store.users.values()].map((u) => [u.$id, structuredClone(u)]))
      const planned = await call(env.host, 'users.bulkDelete', {
        project: env.project,
        selection: { all: true },
      })
      await call(env.host, 'jobs.start', { jobId: planned.id })
      await env.host.services.jobs.wait(planned.id)
      expect(env.sandbox.store.users.size).toBe(0)
      env.sandbox.setFaults({ failRate: 0.1, rateLimitPerSec: 300, dropRate: 0.03 })
      const undo = await call(env.host, 'activity.undoJob', { jobId: planned.id })
      const done = await env.host.services.jobs.wait(undo.id)
      // A create whose answer was lost is finished on the retry, not reported as someone else's.
      expect(done.counts).toEqual({ total: 300, done: 300, skipped: 0, failed: 0 })
      for (const [id, u] of before)
        expect(env.sandbox.store.getUser(id)).toMatchObject({
          email: u.email,
          labels: u.labels,
          status: u.status,
        })
    } finally {
      await close(env)
    }
  })
})

describe('with no keychain, no restore copy can be kept', () => {
  it('refuses until asked once more, then deletes for good and says the undo cannot be', async () => {
    const env = await environment(new MemorySecretStore(), 30)
    try {
      const id = [...env.sandbox.store.users.keys()][0]!
      const refused = await env.host.dispatch('users.bulkDelete', {
        project: env.project,
        selection: { ids: [id] },
      })
      expect(refused.ok).toBe(false)
      if (!refused.ok) {
        expect(refused.error.code).toBe('keychain_unavailable')
        expect(refused.error.message).toMatch(/no restore copy can be kept/)
      }
      const planned = await call(env.host, 'users.bulkDelete', {
        project: env.project,
        selection: { ids: [id] },
        withoutRestoreCopy: true,
      })
      await call(env.host, 'jobs.start', { jobId: planned.id })
      expect((await env.host.services.jobs.wait(planned.id)).counts.done).toBe(1)
      expect(env.sandbox.store.getUser(id)).toBeUndefined()
      const undo = await env.host.dispatch('activity.undoJob', { jobId: planned.id })
      expect(undo.ok).toBe(false)
      if (!undo.ok) expect(undo.error.message).toMatch(/kept no restore copies/)
    } finally {
      await close(env)
    }
  })
})

describe('a delete is guarded as the project demands', () => {
  it('never runs on a read-only project, planned before or after it became one', async () => {
    const env = await environment(new FileKeychain(join(tempDir(), 'keychain.json')), 20)
    try {
      const ids = [...env.sandbox.store.users.keys()].slice(0, 5)
      const planned = await call(env.host, 'users.bulkDelete', {
        project: env.project,
        selection: { ids },
      })
      await call(env.host, 'projects.update', { project: env.project, safeMode: 'read-only' })
      const started = await env.host.dispatch('jobs.start', { jobId: planned.id })
      expect(started).toMatchObject({ ok: false, error: { code: 'read_only' } })
      const again = await env.host.dispatch('users.bulkDelete', {
        project: env.project,
        selection: { all: true },
      })
      expect(again).toMatchObject({ ok: false, error: { code: 'read_only' } })
      expect(env.sandbox.store.users.size).toBe(20)
    } finally {
      await close(env)
    }
  })

  it('on production, runs only with the project name typed', async () => {
    const env = await environment(new FileKeychain(join(tempDir(), 'keychain.json')), 20)
    try {
      await call(env.host, 'projects.update', { project: env.project, tag: 'production' })
      const ids = [...env.sandbox.store.users.keys()].slice(0, 5)
      const planned = await call(env.host, 'users.bulkDelete', {
        project: env.project,
        selection: { ids },
      })
      const bare = await env.host.dispatch('jobs.start', { jobId: planned.id })
      expect(bare).toMatchObject({ ok: false, error: { code: 'confirmation_required' } })
      const wrong = await env.host.dispatch('jobs.start', { jobId: planned.id, confirm: 'Delete tes' })
      expect(wrong.ok).toBe(false)
      expect(env.sandbox.store.users.size).toBe(20)
      await call(env.host, 'jobs.start', { jobId: planned.id, confirm: 'Delete test' })
      expect((await env.host.services.jobs.wait(planned.id)).counts.done).toBe(5)
      for (const id of ids) expect(env.sandbox.store.getUser(id)).toBeUndefined()
    } finally {
      await close(env)
    }
  })
})

describe('restore copies are removed after 30 days', () => {
  it('the next start removes a job copy file older than that, and its undo then says no copy is kept', async () => {
    const keychain = new FileKeychain(join(tempDir(), 'keychain.json'))
    const env = await environment(keychain, 20)
    const ids = [...env.sandbox.store.users.keys()]
    const plan = async (userId: string) => {
      const planned = await call(env.host, 'users.bulkDelete', {
        project: env.project,
        selection: { ids: [userId] },
      })
      await call(env.host, 'jobs.start', { jobId: planned.id })
      await env.host.services.jobs.wait(planned.id)
      return {
        jobId: planned.id,
        path: (await call(env.host, 'users.restoreInfo', { jobId: planned.id })).path!,
      }
    }
    let host: HostInternals | null = null
    try {
      const old = await plan(ids[0]!)
      const recent = await plan(ids[1]!)
      await env.host.close()
      // The old job's copies were sealed 30 days and a minute ago; the recent one's 29 days ago.
      const age = (path: string, days: number, minutes = 0) => {
        const [header, ...rest] = readFileSync(path, 'utf8').split('\n')
        const startedAt = new Date(Date.now() - days * 24 * 3600 * 1000 - minutes * 60_000).toISOString()
        expect(JSON.parse(header!)).toHaveProperty('startedAt')
        writeFileSync(path, [JSON.stringify({ startedAt }), ...rest].join('\n'))
      }
      age(old.path, 30, 1)
      age(recent.path, 29)

      host = await createHostInternals({ dataDir: env.dataDir, shell: 'cli', secrets: keychain, demo: false })
      expect(existsSync(old.path)).toBe(false)
      expect(existsSync(recent.path)).toBe(true)
      expect(await call(host, 'users.restoreInfo', { jobId: old.jobId })).toMatchObject({ kept: 0 })
      const refused = await host.dispatch('activity.undoJob', { jobId: old.jobId })
      expect(refused).toMatchObject({
        ok: false,
        error: { message: expect.stringMatching(/kept no restore copies/) },
      })
      const undo = await call(host, 'activity.undoJob', { jobId: recent.jobId })
      expect((await host.services.jobs.wait(undo.id)).counts.done).toBe(1)
      expect(env.sandbox.store.getUser(ids[1]!)).toBeDefined()
      expect(env.sandbox.store.getUser(ids[0]!)).toBeUndefined()
    } finally {
      await host?.close()
      await env.sandbox.close()
    }
  })
})
