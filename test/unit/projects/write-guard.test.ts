/**
 * The safeguards hold in main, through the same dispatcher the window uses: whatever a renderer
 * sends, a read-only project, a key without users.write, or production without the typed name is
 * refused before Appwrite is asked, and the server's data stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppErrorException, type AppError, type Result } from '@shared/errors'
import type { ProjectView } from '@shared/models'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import type { ProjectEntry } from '../../../src/host/projects/registry'
import { checkRemoval, checkWrite } from '../../../src/host/projects/write-guard'
import { tempDir } from '../helpers/temp-dir'
import { sandbox } from './fixtures'

const KEY = 'standard_guard_0123456789abcdef'

describe('write safeguards through the dispatcher', () => {
  let host: Host
  beforeAll(async () => {
    host = await createHost({
      dataDir: tempDir(),
      shell: 'cli',
      demo: false,
      secrets: new MemorySecretStore(),
    })
  })
  afterAll(() => host.close())

  const add = async (url: string, extra: Record<string, unknown>) => {
    const result = (await host.dispatch('projects.add', {
      endpoint: url,
      projectId: 'shop',
      key: KEY,
      ...extra,
    })) as Result<ProjectView>
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  }

  it('refuses writes on a read-only project, and the renderer cannot switch the guard off in passing', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const project = await add(sb.url, { name: 'Frozen', safeMode: 'read-only' })
    const user = [...sb.store.users.values()][0]!
    const update = await host.dispatch('users.update', {
      project: project.id,
      userId: user.$id,
      change: { name: 'Renamed' },
    })
    expect(update).toMatchObject({ ok: false, error: { code: 'read_only' } })
    const smuggled = await host.dispatch('users.update', {
      project: project.id,
      userId: user.$id,
      change: { name: 'Renamed' },
      safeMode: 'off',
    })
    expect(smuggled).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const sneaky = await host.dispatch('projects.update', { project: project.id, scopes: { write: true } })
    expect(sneaky).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(sb.store.users.get(user.$id)?.name).toBe(user.name)
  })

  it('raises a safe mode with nothing asked, and lowers it only with the stored key typed again', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const project = await add(sb.url, { name: 'Guarded' })
    expect(project.safeMode).toBe('off')
    const raised = await host.dispatch('projects.update', { project: project.id, safeMode: 'read-only' })
    expect(raised).toMatchObject({ ok: true, value: { safeMode: 'read-only' } })
    for (const [proof, code] of [
      [undefined, 'proof_required'],
      ['standard_guess_0123456789abcdef', 'proof_invalid'],
    ] as const) {
      const lowered = await host.dispatch('projects.update', {
        project: project.id,
        safeMode: 'off',
        ...(proof ? { proof } : {}),
      })
      expect(lowered).toMatchObject({ ok: false, error: { code, field: 'proof', project: project.id } })
    }
    const list = (await host.dispatch('projects.list', {})) as Result<ProjectView[]>
    expect(list.ok && list.value.find((p) => p.id === project.id)?.safeMode).toBe('read-only')
    const proven = await host.dispatch('projects.update', {
      project: project.id,
      safeMode: 'confirm',
      proof: KEY,
    })
    expect(proven).toMatchObject({ ok: true, value: { safeMode: 'confirm' } })
  })

  it('never sends a stored key to a server the window names', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const project = await add(sb.url, { name: 'Kept' })
    const elsewhere = 'http://127.0.0.1:9/v1'
    const moved = await host.dispatch('projects.update', { project: project.id, endpoint: elsewhere })
    expect(moved).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'key' } })
    const tested = await host.dispatch('projects.test', {
      endpoint: elsewhere,
      projectId: 'shop',
      project: project.id,
    })
    expect(tested).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'key' } })
    const still = (await host.dispatch('projects.check', { project: project.id })) as Result<ProjectView>
    expect(still.ok && still.value).toMatchObject({ endpoint: sb.url, reach: { state: 'online' } })
  })

  it('refuses writes with a key found to lack users.write, naming the scope', async () => {
    const sb = await sandbox({ apiKey: KEY, scopes: ['users.read'] })
    const project = await add(sb.url, { name: 'Reader' })
    expect(project.scopes).toEqual({ read: true, write: false })
    const user = [...sb.store.users.values()][0]!
    const update = await host.dispatch('users.update', {
      project: project.id,
      userId: user.$id,
      change: { status: false },
    })
    expect(update).toMatchObject({ ok: false, error: { code: 'missing_scope' } })
    expect(!update.ok && update.error.message).toContain('users.write')
    const read = await host.dispatch('users.list', { project: project.id, limit: 2 })
    expect(read.ok).toBe(true)
  })

  it('deletes on production only with the project name typed', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const project = await add(sb.url, { name: 'Live shop', tag: 'production' })
    const user = [...sb.store.users.values()][0]!
    const bare = await host.dispatch('users.delete', { project: project.id, userId: user.$id })
    expect(bare).toMatchObject({ ok: false, error: { code: 'confirmation_required', field: 'confirm' } })
    const wrong = await host.dispatch('users.delete', {
      project: project.id,
      userId: user.$id,
      confirm: 'live shop',
    })
    expect(wrong).toMatchObject({ ok: false, error: { code: 'confirmation_required' } })
    expect(sb.store.users.has(user.$id)).toBe(true)
    const typed = await host.dispatch('users.delete', {
      project: project.id,
      userId: user.$id,
      confirm: 'Live shop',
    })
    expect(typed.ok).toBe(true)
    expect(sb.store.users.has(user.$id)).toBe(false)
  })
})

const project = (extra: Partial<ProjectEntry> = {}): ProjectEntry => ({
  id: 'p_guarded',
  name: 'Guarded',
  endpoint: 'http://127.0.0.1:9/v1',
  projectId: 'shop',
  colour: 'teal',
  tag: 'staging',
  safeMode: 'off',
  scopes: { read: true, write: null },
  lastCheckedAt: null,
  server: null,
  ...extra,
})

function refusal(fn: () => void): AppError | null {
  try {
    fn()
    return null
  } catch (err) {
    if (err instanceof AppErrorException) return err.error
    throw err
  }
}

describe('checkWrite and checkRemoval', () => {
  it('lets a write through when nothing is known against it', () => {
    expect(refusal(() => checkWrite(project()))).toBeNull()
    expect(refusal(() => checkWrite(project({ tag: 'production' })))).toBeNull()
    expect(refusal(() => checkWrite(project(), { destructive: true }))).toBeNull()
  })

  it('refuses read-only first, whatever else is typed', () => {
    const locked = project({ safeMode: 'read-only', tag: 'production', scopes: { read: true, write: false } })
    expect(refusal(() => checkWrite(locked, { destructive: true, confirm: 'Guarded' }))).toMatchObject({
      code: 'read_only',
      message: expect.stringContaining('Lower its safe mode') as string,
    })
  })

  it('refuses a key known to lack users.write, and lets an unknown scope through to the server', () => {
    expect(refusal(() => checkWrite(project({ scopes: { read: true, write: false } })))).toMatchObject({
      code: 'missing_scope',
    })
    expect(refusal(() => checkWrite(project({ scopes: { read: null, write: null } })))).toBeNull()
  })

  it('asks for the exact name before a destructive write on production, and before its removal', () => {
    const live = project({ tag: 'production' })
    for (const confirm of [undefined, 'guarded', ' Guarded']) {
      expect(refusal(() => checkWrite(live, { destructive: true, confirm }))).toMatchObject({
        code: 'confirmation_required',
        field: 'confirm',
      })
    }
    expect(refusal(() => checkWrite(live, { destructive: true, confirm: 'Guarded' }))).toBeNull()
    expect(refusal(() => checkRemoval(live, undefined))?.message).toContain('to remove it')
    expect(refusal(() => checkRemoval(live, 'Guarded'))).toBeNull()
    expect(refusal(() => checkRemoval(project(), undefined))).toBeNull()
  })
})
