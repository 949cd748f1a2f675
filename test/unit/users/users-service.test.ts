import { readFileSync, statSync } from 'node:fs'
import bcrypt from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Channel, Input } from '@shared/contract'
import type { AuditEntry, UserPage, UserRecord } from '@shared/models'
import type { CrossProjectSearch, UserExportDone, UserWrite } from '@shared/models/users'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'

describe('the user browser through the host, node-appwrite and sandboxes', () => {
  let host: HostInternals
  let production: RunningSandbox
  let slow: RunningSandbox
  let all: UserRecord[]

  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<unknown> {
    const r = await host.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
    return r.value
  }
  async function failure<C extends Channel>(channel: C, input: Input<C>) {
    const r = await host.dispatch(channel, input)
    if (r.ok) throw new Error(`${channel} should have failed`)
    return r.error
  }
  const list = async (input: Partial<Input<'users.list'>>) =>
    (await call('users.list', { project: 'demo', limit: 500, ...input })) as UserPage

  beforeAll(async () => {
    host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: { seed: 150 },
    })
    production = await startSandbox({ projectId: 'prod', apiKey: 'prod-key', seed: 20, quiet: true })
    slow = await startSandbox({ projectId: 'slow', apiKey: 'slow-key', seed: 20, quiet: true })
    for (const [name, sandbox, tag] of [
      ['Production shop', production, 'production'],
      ['Slow legacy', slow, 'staging'],
    ] as const) {
      await call('projects.add', {
        name,
        endpoint: sandbox.url,
        projectId: sandbox.projectId,
        key: `${sandbox.projectId}-key`,
        tag,
      })
    }
    all = (await list({})).users
    expect(all).toHaveLength(150)
  })
  afterAll(async () => {
    await host.close()
    await production.close()
    await slow.close()
  })

  it('filters on the server: each filter returns exactly the users it describes', async () => {
    const cases: [Input<'users.list'>['filters'], (u: UserRecord) => boolean][] = [
      [{ status: 'blocked' }, (u) => !u.status],
      [{ status: 'active' }, (u) => u.status],
      [{ emailVerified: true }, (u) => u.emailVerification],
      [{ phoneVerified: false }, (u) => !u.phoneVerification],
      [{ label: 'vip' }, (u) => u.labels.includes('vip')],
      [
        { registeredAfter: '2023-06-01', registeredBefore: '2023-12-31' },
        (u) => u.registration >= '2023-06-01' && u.registration < '2024-01-01',
      ],
      [
        { passwordChangedAfter: '2024-01-01T00:00:00.000Z' },
        (u) => u.passwordUpdate !== '' && u.passwordUpdate >= '2024-01-01',
      ],
      [{ status: 'active', emailVerified: false }, (u) => u.status && !u.emailVerification],
    ]
    for (const [filters, test] of cases) {
      const page = await list({ filters })
      const expected = all.filter(test).map((u) => u.id)
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0)
      expect(page.users.map((u) => u.id).sort(), JSON.stringify(filters)).toEqual(expected.sort())
      expect(page.total).toBe(expected.length)
    }
  })

  it('sorts on every sortable column, and pages through a column with empty values exactly once', async () => {
    const byName = (await list({ sort: { field: 'name', direction: 'desc' } })).users.map((u) =>
      u.name.toLowerCase(),
    )
    expect(byName).toEqual([...byName].sort().reverse())

    // Some users have no phone: Appwrite refuses a cursor on them, and main pages on by the offset
    // the page before gave (the users listed so far), as the window does.
    const seen: UserRecord[] = []
    let next: { cursor: string; offset: number } | undefined
    for (;;) {
      const page = await list({ limit: 25, sort: { field: 'phone', direction: 'asc' }, ...next })
      seen.push(...page.users)
      if (!page.nextCursor) break
      expect(page.nextOffset).toBe(seen.length)
      next = { cursor: page.nextCursor, offset: page.nextOffset! }
    }
    expect(seen).toHaveLength(150)
    expect(new Set(seen.map((u) => u.id)).size).toBe(150)
    const phones = seen.map((u) => u.phone)
    expect(phones.indexOf('')).toBe(0)
    expect(phones.filter(Boolean)).toEqual(phones.filter(Boolean).sort())
  })

  it('edits through the UserWriter: guarded, audited with before and after, undoable; undo refuses to overwrite a later edit', async () => {
    const user = all.find((u) => u.status && u.email)!
    const written = (await call('users.update', {
      project: 'demo',
      userId: user.id,
      change: { name: 'Changed Name', labels: ['vip', 'support'] },
    })) as UserWrite
    expect(written).toMatchObject({
      undoable: true,
      user: { name: 'Changed Name', labels: ['vip', 'support'] },
    })
    const entry = host.core.audit.get(written.entryId)!
    expect(entry).toMatchObject({
      action: 'users.update',
      before: { name: user.name, labels: user.labels },
      after: { name: 'Changed Name', labels: ['vip', 'support'] },
    })

    await call('users.update', { project: 'demo', userId: user.id, change: { name: 'Someone Else' } })
    const conflict = await failure('activity.undo', { entryId: written.entryId })
    expect(conflict).toMatchObject({
      code: 'conflict',
      field: 'force',
      message: "The user's name changed since; undoing would overwrite that.",
    })
    await call('activity.undo', { entryId: written.entryId, force: true })
    expect(await call('users.get', { project: 'demo', userId: user.id })).toMatchObject({
      name: user.name,
      labels: user.labels,
    })
    expect((await failure('activity.undo', { entryId: written.entryId })).message).toContain(
      'already been undone',
    )
  })

  it('undoes a block the user was unblocked from since: that overwrites nothing, so it is no conflict', async () => {
    const user = all.find((u) => u.status && u.id !== all[0]!.id)!
    const blocked = (await call('users.update', {
      project: 'demo',
      userId: user.id,
      change: { status: false },
    })) as UserWrite
    await call('users.update', { project: 'demo', userId: user.id, change: { status: true } })
    const undo = (await call('activity.undo', { entryId: blocked.entryId })) as AuditEntry
    expect(undo).toMatchObject({ undoOf: blocked.entryId, after: { status: true } })
    expect(await call('users.get', { project: 'demo', userId: user.id })).toMatchObject({ status: true })
  })

  it('undoes a new email or phone with the verification Appwrite cleared along with it', async () => {
    const user = all.find((u) => u.emailVerification && u.phoneVerification && u.id !== all[0]!.id)!
    const written = (await call('users.update', {
      project: 'demo',
      userId: user.id,
      change: { email: 'moved@example.com', phone: '+14155550199' },
    })) as UserWrite
    expect(written.user).toMatchObject({ emailVerification: false, phoneVerification: false })
    expect(host.core.audit.get(written.entryId)).toMatchObject({
      before: { email: user.email, emailVerification: true, phone: user.phone, phoneVerification: true },
      after: { email: 'moved@example.com', emailVerification: false, phoneVerification: false },
    })
    await call('activity.undo', { entryId: written.entryId })
    expect(await call('users.get', { project: 'demo', userId: user.id })).toMatchObject({
      email: user.email,
      emailVerification: true,
      phone: user.phone,
      phoneVerification: true,
    })
  })

  it('adds and removes labels against the labels the user has now, keeping one added elsewhere meanwhile', async () => {
    const user = all.find((u) => u.labels.length === 0 && u.id !== all[0]!.id)!
    await call('users.update', { project: 'demo', userId: user.id, change: { labels: ['alpha', 'beta'] } })
    // The window still shows no labels; meanwhile a bulk job adds "gamma".
    await call('users.update', { project: 'demo', userId: user.id, change: { addLabels: ['gamma'] } })
    const written = (await call('users.update', {
      project: 'demo',
      userId: user.id,
      change: { addLabels: ['delta'], removeLabels: ['alpha'] },
    })) as UserWrite
    expect(written.user?.labels).toEqual(['beta', 'gamma', 'delta'])
    expect(host.core.audit.get(written.entryId)).toMatchObject({
      before: { labels: ['alpha', 'beta', 'gamma'] },
      after: { labels: ['beta', 'gamma', 'delta'] },
    })
    const both = await failure('users.update', {
      project: 'demo',
      userId: user.id,
      change: { labels: ['x'], addLabels: ['y'] },
    })
    expect(both).toMatchObject({ code: 'invalid_input', field: 'change.labels' })
    const twice = await failure('users.update', {
      project: 'demo',
      userId: user.id,
      change: { addLabels: ['beta'], removeLabels: ['beta'] },
    })
    expect(twice).toMatchObject({ code: 'invalid_input', field: 'change.addLabels' })
    expect(twice.message).toContain('Label "beta" is both added and removed.')
  })

  it('answers with its own audit entry, even when another write to the same user lands right after', async () => {
    const user = all[5]!
    const stop = host.core.audit.onRecord((entry) => {
      if (entry.action !== 'users.update' || entry.userId !== user.id) return
      stop()
      // A label job writing to the same user at that moment.
      const { id: _id, time: _time, ...rest } = entry
      host.core.audit.record({ ...rest, action: 'labels.add', jobId: 'concurrent-job' })
    })
    const written = (await call('users.update', {
      project: 'demo',
      userId: user.id,
      change: { name: 'Own Entry' },
    })) as UserWrite
    expect(host.core.audit.list({ userId: user.id, limit: 1 })[0]?.jobId).toBe('concurrent-job')
    expect(host.core.audit.get(written.entryId)).toMatchObject({
      action: 'users.update',
      after: { name: 'Own Entry' },
    })
  })

  it('sets a password: audited without the password, and not undoable', async () => {
    const user = all[3]!
    const written = (await call('users.updatePassword', {
      project: 'demo',
      userId: user.id,
      password: 'very-secret-password-42',
    })) as UserWrite
    expect(written.undoable).toBe(false)
    const auditFile = readFileSync(`${host.dataDir}/audit/audit.jsonl`, 'utf8')
    expect(auditFile).not.toContain('very-secret-password-42')
    expect((await failure('activity.undo', { entryId: written.entryId })).code).toBe('invalid_request')
  })

  it('creates a user from a bcrypt hash who can then sign in with the original password', async () => {
    const hash = bcrypt.hashSync('old-system-password', 8)
    const written = (await call('users.create', {
      project: 'demo',
      userId: 'migrated1',
      name: 'Migrated Person',
      email: 'migrated@example.com',
      phone: '+14155550999',
      passwordHash: { type: 'bcrypt', hash },
    })) as UserWrite
    expect(written.user).toMatchObject({ id: 'migrated1', hash: 'bcrypt', phone: '+14155550999' })
    const endpoint = host.core.projects.entry('demo').endpoint
    const login = await fetch(`${endpoint}/account/sessions/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-appwrite-project': 'demo' },
      body: JSON.stringify({ email: 'migrated@example.com', password: 'old-system-password' }),
    })
    expect(login.status).toBe(201)
    expect(host.core.audit.get(written.entryId)).toMatchObject({
      action: 'users.create',
      before: null,
      // Activity names the hash type in words, as the import does; never by its key.
      after: { password: 'Bcrypt hash' },
    })

    // The API's own key for Firebase's scrypt is not the import's; Activity says it in the same words.
    const firebase = (await call('users.create', {
      project: 'demo',
      email: 'firebase-user@example.com',
      passwordHash: {
        type: 'scryptModified',
        hash: 'lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==',
        salt: '42xEC+ixf3L2lw==',
        saltSeparator: 'Bw==',
        signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf63lMb6qQmVlfNcwhJx4Vq4i+NYqHGRrp1qgLSBcpQ==',
      },
    })) as UserWrite
    expect(host.core.audit.get(firebase.entryId)).toMatchObject({
      after: { password: 'Scrypt modified (Firebase) hash' },
    })

    const bad = await failure('users.create', {
      project: 'demo',
      password: 'plain-password',
      passwordHash: { type: 'md5', hash: 'x' },
      email: 'a@b.co',
    })
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'passwordHash' })
  })

  it('shows MFA factors and recovery codes; replacing codes and removing the authenticator are audited, not undoable', async () => {
    const user = all.find((u) => u.mfa)!
    const ref = { project: 'demo', userId: user.id }
    expect(await call('users.mfa', ref)).toMatchObject({
      enabled: true,
      factors: { totp: true },
    })
    const { recoveryCodes: before } = (await call('users.mfaRecoveryCodes', { ...ref, action: 'view' })) as {
      recoveryCodes: string[]
    }
    expect(before.length).toBeGreaterThan(0)
    const { recoveryCodes: after } = (await call('users.mfaRecoveryCodes', {
      ...ref,
      action: 'regenerate',
    })) as {
      recoveryCodes: string[]
    }
    expect(after).not.toEqual(before)
    const auditFile = () => readFileSync(`${host.dataDir}/audit/audit.jsonl`, 'utf8')
    expect(auditFile()).toContain('users.mfaRecoveryCodes.regenerate')
    for (const code of after) expect(auditFile()).not.toContain(code)

    const removed = (await call('users.mfaRemoveAuthenticator', ref)) as UserWrite
    expect(removed.undoable).toBe(false)
    expect(await call('users.mfa', ref)).toMatchObject({ factors: { totp: false } })

    const off = (await call('users.update', { ...ref, change: { mfa: false } })) as UserWrite
    expect(off).toMatchObject({ undoable: true, user: { mfa: false } })
    await call('activity.undo', { entryId: off.entryId })
    expect(await call('users.get', ref)).toMatchObject({ mfa: true })
  })

  it('deletes on production only with the project name typed, and keeps who it was in the log', async () => {
    const ref = host.core.projects.entries().find((e) => e.tag === 'production')!.id
    const victim = ((await call('users.list', { project: ref, limit: 1 })) as UserPage).users[0]!
    expect((await failure('users.delete', { project: ref, userId: victim.id })).code).toBe(
      'confirmation_required',
    )
    expect(
      (await failure('users.delete', { project: ref, userId: victim.id, confirm: 'production shop' })).code,
    ).toBe('confirmation_required')
    const written = (await call('users.delete', {
      project: ref,
      userId: victim.id,
      confirm: 'Production shop',
    })) as UserWrite
    expect(written).toMatchObject({ user: null, undoable: false })
    const entry = host.core.audit.get(written.entryId) as AuditEntry
    expect(entry.before).toMatchObject({ id: victim.id, email: victim.email, name: victim.name })
    expect((await failure('users.get', { project: ref, userId: victim.id })).code).toBe('not_found')
  })

  it('exports all pages of the filtered, sorted set to CSV; hashes only when asked, then owner-only', async () => {
    const events: unknown[] = []
    const off = host.events.subscribe((e, p) => e === 'users.exportProgress' && events.push(p))
    const done = (await call('users.export', {
      exportId: 'x1',
      project: 'demo',
      format: 'csv',
      columns: ['id', 'name', 'labels', 'prefs'],
      filters: { status: 'active' },
      sort: { field: 'registration', direction: 'desc' },
    })) as UserExportDone
    off()
    const active = (await list({})).users.filter((u) => u.status)
    const lines = readFileSync(done.path, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('id,name,labels,prefs')
    expect(lines).toHaveLength(active.length + 1)
    expect(done.rows).toBe(active.length)
    expect(done.path.startsWith(`${host.dataDir}/exports/`)).toBe(true)
    expect(events.at(-1)).toMatchObject({ exportId: 'x1', done: true, rows: active.length })
    expect(readFileSync(done.path, 'utf8')).not.toMatch(/\$2[aby]\$|\$argon2/)

    const refused = await failure('users.export', {
      exportId: 'x2',
      project: 'demo',
      format: 'json',
      columns: ['id', 'passwordHash'],
    })
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'columns' })

    const withHashes = (await call('users.export', {
      exportId: 'x3',
      project: 'demo',
      format: 'json',
      columns: ['id', 'email', 'passwordHash', 'hashAlgorithm'],
      includeHashes: true,
    })) as UserExportDone
    const rows = JSON.parse(readFileSync(withHashes.path, 'utf8')) as Record<string, unknown>[]
    expect(rows.length).toBeGreaterThanOrEqual(150)
    expect(rows.some((r) => typeof r['passwordHash'] === 'string' && r['hashAlgorithm'] === 'bcrypt')).toBe(
      true,
    )
    expect(statSync(withHashes.path).mode & 0o777).toBe(0o600)
    expect(withHashes.containsHashes).toBe(true)
  })

  it('searches every project at once; a slow project times out on its own and each answer is its own event', async () => {
    const name = all[7]!.name.split(' ')[0]!
    const events: { project: string; state: string }[] = []
    const answered = new Promise<void>((resolve) => {
      const off = host.events.subscribe((e, p) => {
        if (e !== 'users.searchHits') return
        events.push(p as { project: string; state: string })
        if (events.length === host.core.projects.entries().length) {
          off()
          resolve()
        }
      })
    })
    // The slow project does not answer, and the search's clock moves only when the test moves it:
    // the other projects answer first, and only then does the slow one's second run out.
    const held = slow.hold()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    let result: CrossProjectSearch
    try {
      const searching = call('users.searchAll', { searchId: 's1', search: name, timeoutMs: 1000 })
      await held.reached()
      await vi.waitFor(() => expect(events).toHaveLength(host.core.projects.entries().length - 1), {
        timeout: 30_000,
        interval: 5,
      })
      vi.advanceTimersByTime(1000)
      result = (await searching) as CrossProjectSearch
      await answered
    } finally {
      vi.useRealTimers()
      held.release()
    }
    const byProject = Object.fromEntries(result.results.map((r) => [r.project, r]))
    expect(byProject['demo']).toMatchObject({ state: 'ok' })
    expect(byProject['demo']!.users.some((u) => u.name.includes(name))).toBe(true)
    const slowRef = host.core.projects.entries().find((e) => e.name === 'Slow legacy')!.id
    expect(byProject[slowRef]).toMatchObject({ state: 'timeout', error: { code: 'timeout' } })
    expect(events.map((e) => e.project).sort()).toEqual(result.results.map((r) => r.project).sort())
    expect(events.at(-1)!.project).toBe(slowRef)
  })
})
