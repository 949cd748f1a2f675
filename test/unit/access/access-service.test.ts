import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Channel, Input, Output } from '@shared/contract'
import type { AppError } from '@shared/errors'
import type { AuditEntry, UserPage } from '@shared/models'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'
import { usersFor } from '../sandbox/helpers'

/** Every file under a folder, as text: where a secret must not be. */
function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = []
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) out.push(...filesUnder(path))
    else out.push({ path, text: readFileSync(path, 'latin1') })
  }
  return out
}

describe('identities, targets and sign-in credentials through the host against sandboxes', () => {
  let host: HostInternals
  let dataDir: string
  let sb: RunningSandbox
  let prod: RunningSandbox
  let project: string
  let prodProject: string

  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const r = await host.dispatch(channel, input)
    if (!r.ok) throw Object.assign(new Error(r.error.message), { appError: r.error })
    return r.value as Output<C>
  }
  async function failure<C extends Channel>(channel: C, input: Input<C>): Promise<AppError> {
    const r = await host.dispatch(channel, input)
    if (r.ok) throw new Error(`${channel} should have failed`)
    return r.error
  }
  const lastEntry = () => host.core.audit.list({ limit: 1 })[0]!

  beforeAll(async () => {
    dataDir = tempDir()
    host = await createHostInternals({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
    sb = await startSandbox({ projectId: 'desk', apiKey: 'desk-key', seed: 200, quiet: true })
    prod = await startSandbox({ projectId: 'live', apiKey: 'live-key', quiet: true })
    project = (
      await call('projects.add', { name: 'Desk', endpoint: sb.url, projectId: 'desk', key: 'desk-key' })
    ).id
    prodProject = (
      await call('projects.add', {
        name: 'Live shop',
        endpoint: prod.url,
        projectId: 'live',
        key: 'live-key',
        tag: 'production',
      })
    ).id
    const users = usersFor(sb, 'desk-key', 'desk')
    await users.create({ userId: 'ada', email: 'ada@example.com' })
    await usersFor(prod, 'live-key', 'live').create({ userId: 'ada', email: 'ada@example.com' })
  })
  afterAll(async () => {
    await host.close()
    await sb.close()
    await prod.close()
  })

  it('unlinks an identity of this user only, audited with what was unlinked, not undoable', async () => {
    const appwrite = usersFor(sb, 'desk-key', 'desk')
    const identity = (await appwrite.listIdentities([Query.limit(1)])).identities[0]!
    const wrongUser = await failure('identities.unlink', { project, userId: 'ada', identityId: identity.$id })
    expect(wrongUser.code).toBe('not_found')
    const written = await call('identities.unlink', {
      project,
      userId: identity.userId,
      identityId: identity.$id,
    })
    expect(written.undoable).toBe(false)
    const entry = lastEntry()
    expect(entry).toMatchObject({
      id: written.entryId,
      action: 'identities.unlink',
      userId: identity.userId,
      userLabel: expect.any(String),
      before: { identity: { id: identity.$id, provider: identity.provider } },
      after: null,
    })
    const left = await appwrite.listIdentities([Query.equal('$id', identity.$id)])
    expect(left.total).toBe(0)
    const undo = await failure('activity.undo', { entryId: entry.id })
    expect(undo.message).toMatch(/cannot be undone/)
  })

  it('adds a target checked as Appwrite checks it, and undoes the add', async () => {
    const bad = await failure('targets.create', {
      project,
      userId: 'ada',
      providerType: 'sms',
      identifier: '555-1234',
    })
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'identifier' })
    expect(bad.message).toMatch(/E\.164/)
    const written = await call('targets.create', {
      project,
      userId: 'ada',
      providerType: 'email',
      identifier: 'ada.work@example.com',
      name: 'Work',
    })
    expect(written).toMatchObject({
      undoable: true,
      target: { providerType: 'email', identifier: 'ada.work@example.com', name: 'Work', providerId: null },
    })
    // The entry names the user, not the target: its name "Work" is no person's.
    expect(host.core.audit.get(written.entryId)!.userLabel).toBe('ada@example.com')
    const taken = await failure('targets.create', {
      project,
      userId: 'ada',
      providerType: 'email',
      identifier: 'ada.work@example.com',
    })
    expect(taken).toMatchObject({ code: 'conflict', appwriteType: 'user_target_already_exists' })
    const listed = await call('activity.list', { project, limit: 5 })
    expect(listed.entries.find((e) => e.id === written.entryId)?.undoable).toBe(true)
    await call('activity.undo', { entryId: written.entryId })
    const user = await call('users.get', { project, userId: 'ada' })
    expect(user.targets.map((t) => t.identifier)).toEqual(['ada@example.com'])
    expect(lastEntry()).toMatchObject({ action: 'undo targets.create', undoOf: written.entryId, after: null })
  })

  it('edits a target by its own type, undoes the edit, and refuses an undo over a later edit', async () => {
    const { target } = await call('targets.create', {
      project,
      userId: 'ada',
      targetId: 'ada-phone',
      providerType: 'sms',
      identifier: '+14155550100',
    })
    const notAPhone = await failure('targets.update', {
      project,
      userId: 'ada',
      targetId: target!.id,
      identifier: 'ada@example.org',
    })
    expect(notAPhone).toMatchObject({ code: 'invalid_input', field: 'identifier' })
    const edit = await call('targets.update', {
      project,
      userId: 'ada',
      targetId: 'ada-phone',
      identifier: '+14155550111',
      name: 'Mobile',
    })
    expect(edit.target).toMatchObject({ identifier: '+14155550111', name: 'Mobile' })
    expect(edit.undoable).toBe(true)
    const later = await call('targets.update', {
      project,
      userId: 'ada',
      targetId: 'ada-phone',
      name: 'Cell',
    })
    const conflict = await failure('activity.undo', { entryId: edit.entryId })
    expect(conflict.code).toBe('conflict')
    await call('activity.undo', { entryId: later.entryId })
    await call('activity.undo', { entryId: edit.entryId })
    const back = await usersFor(sb, 'desk-key', 'desk').getTarget({ userId: 'ada', targetId: 'ada-phone' })
    expect(back.identifier).toBe('+14155550100')
    const noProvider = await failure('targets.update', {
      project,
      userId: 'ada',
      targetId: 'ada-phone',
      providerId: 'sendgrid',
    })
    expect(noProvider).toMatchObject({ code: 'not_found', appwriteType: 'provider_not_found' })
  })

  it('removes a target, saying it is final, and needs the name typed on production', async () => {
    await call('targets.create', {
      project: prodProject,
      userId: 'ada',
      targetId: 'ada-push',
      providerType: 'push',
      identifier: 'fcm-device-token',
      confirm: 'Live shop',
    })
    const unconfirmed = await failure('targets.remove', {
      project: prodProject,
      userId: 'ada',
      targetId: 'ada-push',
    })
    expect(unconfirmed).toMatchObject({ code: 'confirmation_required', field: 'confirm' })
    const removed = await call('targets.remove', {
      project: prodProject,
      userId: 'ada',
      targetId: 'ada-push',
      confirm: 'Live shop',
    })
    expect(removed).toMatchObject({ target: null, undoable: false })
    expect(lastEntry()).toMatchObject({
      action: 'targets.remove',
      before: { target: { id: 'ada-push', identifier: 'fcm-device-token' } },
    })
  })

  it('makes a token, a session and a JWT: the secrets are in the answer and in no file', async () => {
    await call('signIn.setLinkTemplate', {
      project,
      template: 'https://app.example.com/magic?user={userId}&secret={secret}',
    })
    const token = await call('signIn.createToken', { project, userId: 'ada', length: 12, expire: 600 })
    expect(token.secret).toMatch(/^[0-9a-f]{12}$/)
    expect(token.link).toBe(`https://app.example.com/magic?user=ada&secret=${token.secret}`)
    expect(Date.parse(token.expire) - Date.now()).toBeLessThanOrEqual(600_000)
    expect(host.core.audit.get(token.entryId)).toMatchObject({
      action: 'signIn.createToken',
      userId: 'ada',
      userLabel: 'ada@example.com',
      after: { tokenId: token.id, length: 12, expire: token.expire },
    })
    const session = await call('signIn.createSession', { project, userId: 'ada' })
    expect(session.secret.length).toBeGreaterThan(100)
    const jwt = await call('signIn.createJwt', { project, userId: 'ada', sessionId: 'recent', duration: 120 })
    expect(jwt.id).toBe(session.id)
    expect(Date.parse(jwt.expire) - Date.now()).toBeLessThanOrEqual(120_000)
    expect(host.core.audit.get(jwt.entryId)).toMatchObject({
      action: 'signIn.createJwt',
      after: { sessionId: session.id, expire: jwt.expire },
    })
    // A failing call logs; the logger scrubs whatever secret it might carry.
    host.core.logger.error('probe', { detail: `${session.secret} ${jwt.secret} ${token.secret}` })
    for (const file of filesUnder(dataDir)) {
      for (const secret of [token.secret, session.secret, jwt.secret]) {
        expect(file.text.includes(secret), `${secret.slice(0, 6)}… in ${file.path}`).toBe(false)
      }
    }
    expect(existsSync(join(dataDir, 'sign-in-links.json'))).toBe(true)
  })

  it('checks token and JWT limits before anything is sent, and production needs the name', async () => {
    const short = await failure('signIn.createToken', { project, userId: 'ada', length: 3 })
    expect(short).toMatchObject({ code: 'invalid_input', field: 'length' })
    const zero = await failure('signIn.createJwt', { project, userId: 'ada', duration: 0 })
    expect(zero).toMatchObject({ code: 'invalid_input', field: 'duration' })
    const template = await failure('signIn.setLinkTemplate', {
      project,
      template: 'https://x.test/?s={secret}',
    })
    expect(template.message).toMatch(/\{userId\}/)
    for (const channel of ['signIn.createToken', 'signIn.createSession', 'signIn.createJwt'] as const) {
      const error = await failure(channel, { project: prodProject, userId: 'ada' })
      expect(error.code).toBe('confirmation_required')
    }
    const confirmed = await call('signIn.createSession', {
      project: prodProject,
      userId: 'ada',
      confirm: 'Live shop',
    })
    expect(confirmed.kind).toBe('session')
  })

  it('toggles, filters and undoes the impersonator flag as a user field', async () => {
    const on = await call('users.update', { project, userId: 'ada', change: { impersonator: true } })
    expect(on.user?.impersonator).toBe(true)
    const page = (await call('users.list', {
      project,
      limit: 500,
      filters: { impersonator: true },
    })) as UserPage
    expect(page.users.map((u) => u.id)).toContain('ada')
    expect(page.users.every((u) => u.impersonator)).toBe(true)
    const entry = host.core.audit.get(on.entryId) as AuditEntry
    expect(entry).toMatchObject({ before: { impersonator: false }, after: { impersonator: true } })
    await call('activity.undo', { entryId: on.entryId })
    expect((await call('users.get', { project, userId: 'ada' })).impersonator).toBe(false)
  })

  it('refuses the impersonator flag, to set or to filter on, where the server predates it', async () => {
    const old = await startSandbox({
      projectId: 'old',
      apiKey: 'old-key',
      appwriteVersion: '1.8.1',
      quiet: true,
    })
    try {
      const added = await call('projects.add', {
        name: 'Old',
        endpoint: old.url,
        projectId: 'old',
        key: 'old-key',
      })
      expect(added.server).toMatchObject({ version: '1.8.1' })
      await usersFor(old, 'old-key', 'old').create({ userId: 'bob' })
      const set = await failure('users.update', {
        project: added.id,
        userId: 'bob',
        change: { impersonator: true },
      })
      expect(set).toMatchObject({
        code: 'invalid_input',
        field: 'impersonator',
        message: 'Appwrite 1.8.1 has no impersonator flag.',
      })
      const filter = await failure('users.list', { project: added.id, filters: { impersonator: true } })
      expect(filter.message).toBe('Appwrite 1.8.1 has no impersonator flag.')
      expect((await call('users.get', { project: added.id, userId: 'bob' })).impersonator).toBe(false)
    } finally {
      await old.close()
    }
  })

  it('refuses every write on a read-only project', async () => {
    await call('projects.update', { project, safeMode: 'read-only' })
    try {
      const results = await Promise.all([
        failure('identities.unlink', { project, userId: 'ada', identityId: 'x' }),
        failure('targets.create', { project, userId: 'ada', providerType: 'push', identifier: 'x' }),
        failure('targets.update', { project, userId: 'ada', targetId: 'ada-phone', name: 'x' }),
        failure('targets.remove', { project, userId: 'ada', targetId: 'ada-phone' }),
        failure('signIn.createToken', { project, userId: 'ada' }),
        failure('signIn.createSession', { project, userId: 'ada' }),
        failure('signIn.createJwt', { project, userId: 'ada' }),
        failure('users.update', { project, userId: 'ada', change: { impersonator: true } }),
      ])
      expect(results.map((e) => e.code)).toEqual(Array(8).fill('read_only'))
    } finally {
      await call('projects.update', { project, safeMode: 'off', proof: 'desk-key' })
    }
  })
})
