/**
 * A compromised window, played through the host's dispatcher with valid inputs only: it knows every
 * project's name and can send any request, but not a stored key. Lowering a guard, and reading
 * password hashes out of a guarded project, need that key typed again; a key the page set itself
 * never counts.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Client, Users } from 'node-appwrite'
import type { Result } from '@shared/errors'
import type { ProjectView } from '@shared/models'
import type { ActivityPage } from '@shared/models/activity'
import type { JobView } from '@shared/models/jobs'
import { SEED_PASSWORD } from '../../../src/sandbox/seed'
import { createHost, createHostInternals, type Host, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { FileKeychain } from '../helpers/file-keychain'
import { tempDir } from '../helpers/temp-dir'
import { sandbox } from '../projects/fixtures'

const KEY = 'standard_stored_0123456789abcdef'
/** What the page would use: a key of its own, and a guess. */
const PAGE_KEY = 'standard_pagekey_0123456789abcdef'
const GUESS = 'standard_guess_0123456789abcdef'

/**
 * The page's two ways to call the host: `send` answers the result as the page sees it, `value` its
 * value or an error naming the refusal. `host` is read at each call, as each suite starts its own.
 */
function pageOf(host: () => Host) {
  const send = (channel: string, input: Record<string, unknown>) => host().dispatch(channel, input)
  const value = async <T>(channel: string, input: Record<string, unknown>): Promise<T> => {
    const result = (await send(channel, input)) as Result<T>
    if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`)
    return result.value
  }
  return { send, value }
}
/** What the server takes once the stored key is revoked there. */
const NEW_KEY = 'standard_rotated_0123456789abcdef'

describe('guards a compromised window cannot lower', () => {
  const dataDir = tempDir()
  let host: Host
  beforeAll(async () => {
    host = await createHost({ dataDir, shell: 'chromium', demo: false, secrets: new MemorySecretStore() })
  })
  afterAll(() => host.close())

  const { send, value } = pageOf(() => host)
  const add = (url: string, name: string, extra: Record<string, unknown> = {}) =>
    value<ProjectView>('projects.add', { name, endpoint: url, projectId: 'shop', key: KEY, ...extra })
  const stored = async (id: string) =>
    (await value<ProjectView[]>('projects.list', {})).find((p) => p.id === id)

  it('moves a production project off production, or lowers its safe mode, only with its stored key', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const live = await add(sb.url, 'Live', { tag: 'production', safeMode: 'read-only' })
    expect(live.reach.state).toBe('online')
    for (const change of [
      { tag: 'development' },
      { safeMode: 'off' },
      { tag: 'staging', safeMode: 'confirm' },
    ]) {
      expect(await send('projects.update', { project: live.id, ...change })).toMatchObject({
        ok: false,
        error: { code: 'proof_required', field: 'proof', project: live.id },
      })
      expect(await send('projects.update', { project: live.id, ...change, proof: GUESS })).toMatchObject({
        ok: false,
        error: { code: 'proof_invalid', field: 'proof', project: live.id },
      })
    }
    const refused = (await send('projects.update', {
      project: live.id,
      tag: 'development',
    })) as Result<unknown>
    expect(!refused.ok && refused.error.message).toContain('type the API key of')
    expect(await stored(live.id)).toMatchObject({ tag: 'production', safeMode: 'read-only' })
    // So the guard holds: the delete the page was after is still refused, and the user is still there.
    const user = [...sb.store.users.values()][0]!
    expect(await send('users.delete', { project: live.id, userId: user.$id, confirm: 'Live' })).toMatchObject(
      {
        ok: false,
        error: { code: 'read_only' },
      },
    )
    expect(sb.store.users.has(user.$id)).toBe(true)
    expect(
      await send('projects.update', { project: live.id, tag: 'development', safeMode: 'off', proof: KEY }),
    ).toMatchObject({ ok: true, value: { tag: 'development', safeMode: 'off' } })
  })

  it('raises a guard with nothing asked, and leaves an unguarded project free to change', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const dev = await add(sb.url, 'Dev')
    expect(await send('projects.update', { project: dev.id, projectId: 'elsewhere' })).toMatchObject({
      ok: true,
    })
    expect(
      await send('projects.update', {
        project: dev.id,
        projectId: 'shop',
        tag: 'production',
        safeMode: 'read-only',
      }),
    ).toMatchObject({ ok: true, value: { tag: 'production', safeMode: 'read-only' } })
    const scratch = await add(sb.url, 'Scratch')
    expect(await send('projects.deleteKey', { project: scratch.id })).toMatchObject({
      ok: true,
      value: { key: { present: false } },
    })
    expect(await send('projects.remove', { project: scratch.id })).toMatchObject({ ok: true })
  })

  it('points a guarded project at another server, project id or path only with its stored key', async () => {
    const real = await sandbox({ apiKey: KEY })
    const evil = await sandbox({ apiKey: PAGE_KEY, seed: 0 })
    const live = await add(real.url, 'Guarded shop', { tag: 'staging', safeMode: 'confirm' })
    const moves = [
      // The page's own server, with the page's own key: no stored key would travel, but every later
      // write, and the guard's proof, would then be the page's.
      { endpoint: evil.url, key: PAGE_KEY },
      { endpoint: real.url.replace(/\/v1$/, '/mirror/v1') },
      { projectId: 'other' },
    ]
    for (const move of moves) {
      expect(await send('projects.update', { project: live.id, ...move })).toMatchObject({
        ok: false,
        error: { code: 'proof_required', project: live.id },
      })
    }
    expect(await stored(live.id)).toMatchObject({
      endpoint: real.url,
      projectId: 'shop',
      reach: { state: 'online' },
    })
    expect(await send('projects.update', { project: live.id, projectId: 'other', proof: KEY })).toMatchObject(
      {
        ok: true,
        value: { projectId: 'other' },
      },
    )
  })

  it('replaces the key of a guarded project only with the old one, so the page cannot make its own key the proof', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const live = await add(sb.url, 'Keyed', { tag: 'production' })
    expect(await send('projects.setKey', { project: live.id, key: PAGE_KEY })).toMatchObject({
      ok: false,
      error: { code: 'proof_required', project: live.id },
    })
    expect(await send('projects.update', { project: live.id, key: PAGE_KEY })).toMatchObject({
      ok: false,
      error: { code: 'proof_required', project: live.id },
    })
    expect(
      await send('projects.update', { project: live.id, safeMode: 'off', proof: PAGE_KEY }),
    ).toMatchObject({
      ok: false,
      error: { code: 'proof_invalid' },
    })
    // The person deletes the key, typing it; a key set afterwards counts only once the project's
    // server accepts it, and the real server does not accept the page's.
    await value('projects.deleteKey', { project: live.id, proof: KEY })
    const swapped = await value<ProjectView>('projects.setKey', { project: live.id, key: PAGE_KEY })
    expect(swapped.reach.code).toBe('key_invalid')
    const lowered = (await send('projects.update', {
      project: live.id,
      tag: 'development',
      safeMode: 'off',
      proof: PAGE_KEY,
    })) as Result<unknown>
    expect(lowered).toMatchObject({ ok: false, error: { code: 'proof_required' } })
    expect(!lowered.ok && lowered.error.message).toContain('accepted by its server')
    expect(await stored(live.id)).toMatchObject({ tag: 'production', safeMode: 'confirm' })
    // The person puts the right key back; the server accepts it, and it proves again.
    expect(await send('projects.setKey', { project: live.id, key: KEY })).toMatchObject({
      ok: true,
      value: { reach: { state: 'online' } },
    })
    expect(await send('projects.update', { project: live.id, safeMode: 'off', proof: KEY })).toMatchObject({
      ok: true,
    })
  })

  it('does not take a key set while a check of the one before ran as accepted', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const live = await add(sb.url, 'Raced', { tag: 'production' })
    await value('projects.deleteKey', { project: live.id, proof: KEY })
    // The person sets the right key; its check is held at the server while the page swaps in its own.
    const hold = sb.hold()
    const right = send('projects.setKey', { project: live.id, key: KEY })
    await hold.reached()
    const swapped = send('projects.setKey', { project: live.id, key: PAGE_KEY })
    await vi.waitFor(async () => expect((await stored(live.id))?.key.lastFour).toBe(PAGE_KEY.slice(-4)))
    hold.release()
    await Promise.all([right, swapped])
    expect(await stored(live.id)).toMatchObject({ lastCheckedAt: null })
    expect(
      await send('projects.update', { project: live.id, tag: 'development', proof: PAGE_KEY }),
    ).toMatchObject({ ok: false, error: { code: 'proof_required' } })
    expect(await stored(live.id)).toMatchObject({ tag: 'production' })
  })

  it('deletes the stored key of a guarded project only with that key typed again', async () => {
    const sb = await sandbox({ apiKey: KEY })
    for (const [name, guards] of [
      ['Key of production', { tag: 'production' }],
      ['Key of confirming', { tag: 'staging', safeMode: 'confirm' }],
      ['Key of read-only', { tag: 'development', safeMode: 'read-only' }],
    ] as const) {
      const live = await add(sb.url, name, guards)
      const refused = (await send('projects.deleteKey', { project: live.id })) as Result<unknown>
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'proof_required', field: 'proof', project: live.id },
      })
      expect(!refused.ok && refused.error.message).toContain('delete its stored API key')
      for (const proof of [GUESS, PAGE_KEY]) {
        expect(await send('projects.deleteKey', { project: live.id, proof })).toMatchObject({
          ok: false,
          error: { code: 'proof_invalid', field: 'proof', project: live.id },
        })
      }
      expect(await stored(live.id)).toMatchObject({ key: { present: true }, reach: { state: 'online' } })
      expect(await send('projects.deleteKey', { project: live.id, proof: KEY })).toMatchObject({
        ok: true,
        value: { key: { present: false }, reach: { code: 'key_missing' } },
      })
    }
  })

  it("cannot take a guarded project's key away to point it at its own server and lower it there", async () => {
    const real = await sandbox({ apiKey: KEY })
    const evil = await sandbox({ apiKey: PAGE_KEY, seed: 0 })
    const live = await add(real.url, 'Chained', { tag: 'production', safeMode: 'read-only' })
    // 1. Take the stored key away, so that no accepted key is left to prove with.
    expect(await send('projects.deleteKey', { project: live.id })).toMatchObject({
      ok: false,
      error: { code: 'proof_required', project: live.id },
    })
    // 2. Point the project at the page's own server, with a key that server accepts.
    expect(
      await send('projects.update', { project: live.id, endpoint: evil.url, key: PAGE_KEY }),
    ).toMatchObject({ ok: false, error: { code: 'proof_required', project: live.id } })
    // 3. Lower its levels with the page's own key as proof.
    expect(
      await send('projects.update', {
        project: live.id,
        tag: 'development',
        safeMode: 'off',
        proof: PAGE_KEY,
      }),
    ).toMatchObject({ ok: false, error: { code: 'proof_invalid', project: live.id } })
    expect(await stored(live.id)).toMatchObject({
      endpoint: real.url,
      tag: 'production',
      safeMode: 'read-only',
      key: { present: true, lastFour: KEY.slice(-4) },
      reach: { state: 'online' },
    })
  })

  it('lets a guarded project whose key its server refuses be repaired without that key', async () => {
    const first = await sandbox({ apiKey: KEY })
    const live = await add(first.url, 'Revoked', { tag: 'production', safeMode: 'read-only' })
    expect(live.lastCheckedAt).not.toBeNull()
    // The key is revoked on the server: the same address now takes only a new one.
    await first.close()
    await sandbox({ apiKey: NEW_KEY, port: first.port })
    expect(await value<ProjectView>('projects.check', { project: live.id })).toMatchObject({
      reach: { code: 'key_invalid' },
      lastCheckedAt: null,
    })
    // The person, who may no longer have the old key, deletes it and sets the new one, asked nothing.
    expect(await send('projects.deleteKey', { project: live.id })).toMatchObject({ ok: true })
    expect(await send('projects.setKey', { project: live.id, key: NEW_KEY })).toMatchObject({
      ok: true,
      value: { reach: { state: 'online' } },
    })
    // Its levels stayed, and the new key, once accepted, guards them as the old one did.
    expect(await stored(live.id)).toMatchObject({ tag: 'production', safeMode: 'read-only' })
    expect(await send('projects.deleteKey', { project: live.id })).toMatchObject({
      ok: false,
      error: { code: 'proof_required', project: live.id },
    })
  })

  it('removes a guarded project only with its stored key, beside its typed name', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const live = await add(sb.url, 'Removable', { tag: 'production' })
    expect(await send('projects.remove', { project: live.id, confirm: 'Removable' })).toMatchObject({
      ok: false,
      error: { code: 'proof_required', project: live.id },
    })
    expect(
      await send('projects.remove', { project: live.id, confirm: 'Removable', proof: GUESS }),
    ).toMatchObject({
      ok: false,
      error: { code: 'proof_invalid' },
    })
    expect(await stored(live.id)).toBeDefined()
    expect(
      await send('projects.remove', { project: live.id, confirm: 'Removable', proof: KEY }),
    ).toMatchObject({
      ok: true,
    })
    expect(await stored(live.id)).toBeUndefined()
  })
})

describe('password hashes leaving a guarded project', () => {
  const dataDir = tempDir()
  let host: Host
  beforeAll(async () => {
    host = await createHost({ dataDir, shell: 'chromium', demo: false, secrets: new MemorySecretStore() })
  })
  afterAll(() => host.close())

  const { send, value } = pageOf(() => host)
  const exportsWritten = () => {
    try {
      return readdirSync(join(dataDir, 'exports')).length
    } catch {
      return 0
    }
  }

  it('copies, checks or exports hashes of a production or guarded project only with its stored key', async () => {
    const source = await sandbox({ apiKey: KEY, seed: 5 })
    const evil = await sandbox({ apiKey: PAGE_KEY, seed: 0 })
    const guarded = [
      await value<ProjectView>('projects.add', {
        name: 'Production source',
        endpoint: source.url,
        projectId: 'shop',
        key: KEY,
        tag: 'production',
        safeMode: 'read-only',
      }),
      await value<ProjectView>('projects.add', {
        name: 'Confirming source',
        endpoint: source.url,
        projectId: 'shop',
        key: KEY,
        safeMode: 'confirm',
      }),
    ]
    // The page adds a server of its own to copy the users into.
    const sink = await value<ProjectView>('projects.add', {
      name: 'Sink',
      endpoint: evil.url,
      projectId: 'shop',
      key: PAGE_KEY,
    })
    for (const from of guarded) {
      const plan = { project: sink.id, source: { kind: 'project', project: from.id }, format: 'auto' }
      for (const [proof, code] of [
        [undefined, 'proof_required'],
        [GUESS, 'proof_invalid'],
        [PAGE_KEY, 'proof_invalid'],
      ] as const) {
        const extra = proof ? { proof } : {}
        expect(
          await send('import.createJob', { plan, onExisting: 'skip', skip: [], ...extra }),
        ).toMatchObject({
          ok: false,
          error: { code, field: 'proof', project: from.id },
        })
        expect(
          await send('import.checkPassword', { plan, row: 1, password: SEED_PASSWORD, ...extra }),
        ).toMatchObject({ ok: false, error: { code, project: from.id } })
        expect(
          await send('users.export', {
            exportId: 'e-1',
            project: from.id,
            format: 'csv',
            columns: ['id', 'passwordHash'],
            includeHashes: true,
            ...extra,
          }),
        ).toMatchObject({ ok: false, error: { code, project: from.id } })
      }
    }
    expect(await value<JobView[]>('jobs.list', {})).toEqual([])
    expect(exportsWritten()).toBe(0)
    expect(evil.store.users.size).toBe(0)
    // Without hashes nothing is asked; with the stored key, the person may do all three.
    const from = guarded[0]!
    expect(
      await send('users.export', {
        exportId: 'e-2',
        project: from.id,
        format: 'csv',
        columns: ['id', 'email'],
      }),
    ).toMatchObject({ ok: true, value: { containsHashes: false } })
    const plan = { project: sink.id, source: { kind: 'project', project: from.id }, format: 'auto' }
    expect(
      await send('import.checkPassword', { plan, row: 1, password: SEED_PASSWORD, proof: KEY }),
    ).toMatchObject({ ok: true })
    const run = { plan, onExisting: 'skip', skip: ['password_missing_email'], proof: KEY }
    expect(await send('import.createJob', run)).toMatchObject({
      ok: true,
      value: { state: 'planned' },
    })
    expect(
      await send('users.export', {
        exportId: 'e-3',
        project: from.id,
        format: 'json',
        columns: ['id', 'passwordHash'],
        includeHashes: true,
        proof: KEY,
      }),
    ).toMatchObject({ ok: true, value: { containsHashes: true } })
  })

  it('asks nothing of a project with no guard', async () => {
    const source = await sandbox({ apiKey: KEY, seed: 3 })
    const open = await value<ProjectView>('projects.add', {
      name: 'Open source',
      endpoint: source.url,
      projectId: 'shop',
      key: KEY,
    })
    expect(
      await send('users.export', {
        exportId: 'e-4',
        project: open.id,
        format: 'csv',
        columns: ['id', 'passwordHash'],
        includeHashes: true,
      }),
    ).toMatchObject({ ok: true, value: { containsHashes: true } })
  })
})

describe('rows read from a project stay with the server they were read for', () => {
  let host: HostInternals
  beforeAll(async () => {
    // A keychain, so a delete keeps its sealed restore copies (password hashes included).
    host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'chromium',
      demo: false,
      secrets: new FileKeychain(join(tempDir(), 'keychain.json')),
    })
  })
  afterAll(() => host.close())

  const { send, value } = pageOf(() => host)

  it('brings deleted users of a production project back only to the server they were deleted from', async () => {
    const real = await sandbox({ apiKey: KEY, seed: 40 })
    const evil = await sandbox({ apiKey: PAGE_KEY, seed: 0 })
    const live = await value<ProjectView>('projects.add', {
      name: 'Live shop',
      endpoint: real.url,
      projectId: 'shop',
      key: KEY,
      tag: 'production',
    })
    // The person deletes a few users; their restore copies hold their password hashes.
    const gone = [...real.store.users.values()].filter((u) => u.email && u.password).slice(0, 3)
    const planned = await value<JobView>('users.bulkDelete', {
      project: live.id,
      selection: { ids: gone.map((u) => u.$id) },
    })
    await value('jobs.start', { jobId: planned.id, confirm: 'Live shop' })
    expect((await host.services.jobs.wait(planned.id)).counts).toMatchObject({ done: 3, failed: 0 })
    // The person deletes the key, typing it, which leaves nothing to prove with; the page then points
    // the project at its own server with its own key, which that server accepts.
    await value('projects.deleteKey', { project: live.id, proof: KEY })
    const moved = await value<ProjectView>('projects.update', {
      project: live.id,
      endpoint: evil.url,
      key: PAGE_KEY,
    })
    expect(moved.reach.state).toBe('online')
    const { entries } = await value<ActivityPage>('activity.list', { jobId: planned.id, limit: 1 })
    for (const [channel, input] of [
      ['activity.undoJob', { jobId: planned.id, confirm: 'Live shop' }],
      ['activity.undo', { entryId: entries[0]!.id, confirm: 'Live shop' }],
    ] as const) {
      const result = (await send(channel, input)) as Result<unknown>
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'conflict' } })
      expect(!result.ok && result.error.message).toContain(real.url)
    }
    expect(evil.store.users.size).toBe(0)
  })

  it('sets a change back only on the server it was made on, not where its project points later', async () => {
    const real = await sandbox({ apiKey: KEY, seed: 5 })
    const evil = await sandbox({ apiKey: PAGE_KEY, seed: 0 })
    // Guarded by nothing, so the page may point it anywhere without the key.
    const shop = await value<ProjectView>('projects.add', {
      name: 'Plain shop',
      endpoint: real.url,
      projectId: 'shop',
      key: KEY,
    })
    const ada = [...real.store.users.values()][0]!
    const oldName = ada.name
    expect(oldName).not.toBe('Ada Changed')
    const { entryId } = await value<{ entryId: string }>('users.update', {
      project: shop.id,
      userId: ada.$id,
      change: { name: 'Ada Changed' },
    })
    // The page points the project at its own server, where a user of the same id looks as the change
    // left her: an undo there would write her old name, and pass the "changed since" check.
    await value('projects.update', { project: shop.id, endpoint: evil.url, key: PAGE_KEY })
    await new Users(new Client().setEndpoint(evil.url).setProject('shop').setKey(PAGE_KEY)).create({
      userId: ada.$id,
      name: 'Ada Changed',
    })
    const refused = (await send('activity.undo', { entryId })) as Result<unknown>
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(!refused.ok && refused.error.message).toContain(real.url)
    expect(evil.store.users.get(ada.$id)!.name).toBe('Ada Changed')
    // Pointed back where the change was made, the undo sets the name back there.
    await value('projects.update', { project: shop.id, endpoint: real.url, key: KEY })
    await value('activity.undo', { entryId })
    expect(real.store.users.get(ada.$id)!.name).toBe(oldName)
    expect(evil.store.users.get(ada.$id)!.name).toBe('Ada Changed')
  })

  it('copies a guarded project into the project the proof was given for, not where it points later', async () => {
    const source = await sandbox({ apiKey: KEY, seed: 5 })
    const copy = await sandbox({ apiKey: KEY, seed: 0 })
    const evil = await sandbox({ apiKey: PAGE_KEY, seed: 0 })
    const guarded = await value<ProjectView>('projects.add', {
      name: 'Guarded source',
      endpoint: source.url,
      projectId: 'shop',
      key: KEY,
      tag: 'production',
    })
    const target = await value<ProjectView>('projects.add', {
      name: 'Copy',
      endpoint: copy.url,
      projectId: 'shop',
      key: KEY,
    })
    // The person plans the copy with the source's key typed again.
    const plan = { project: target.id, source: { kind: 'project', project: guarded.id }, format: 'auto' }
    const job = await value<JobView>('import.createJob', {
      plan,
      onExisting: 'skip',
      skip: ['password_missing_email'],
      proof: KEY,
    })
    // The target is guarded by nothing, so the page may point it at its own server; the planned
    // copy must not follow it there.
    await value('projects.update', { project: target.id, endpoint: evil.url, key: PAGE_KEY })
    for (const [channel, input] of [
      ['jobs.start', { jobId: job.id }],
      ['jobs.preview', { jobId: job.id }],
    ] as const) {
      const result = (await send(channel, input)) as Result<unknown>
      expect(result, channel).toMatchObject({ ok: false, error: { code: 'conflict' } })
      expect(!result.ok && result.error.message).toContain(copy.url)
    }
    expect(evil.store.users.size).toBe(0)
    // Pointed back where it was planned for, the copy runs.
    await value('projects.update', { project: target.id, endpoint: copy.url, key: KEY })
    await value('jobs.start', { jobId: job.id })
    expect((await host.services.jobs.wait(job.id)).state).toBe('completed')
    expect(copy.store.users.size).toBeGreaterThan(0)
    expect(evil.store.users.size).toBe(0)
  })
})
