import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { AppErrorException, type AppError } from '@shared/errors'
import type { ProjectView } from '@shared/models'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { LinkTemplates } from '../../../src/host/projects/link-templates'
import { startSandbox } from '../../../src/sandbox/server'
import { toAppError } from '../../../src/host/appwrite/errors'
import { tempDir } from '../helpers/temp-dir'
import { closedPort, sandbox, service } from './fixtures'

const KEY = 'standard_service0123456789abcdefWXYZ'

function errorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    if (err instanceof AppErrorException) return err.error
    throw err
  }
  throw new Error('expected a refusal')
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (err) {
    return toAppError(err)
  }
  throw new Error('expected a refusal')
}

const definition = (url: string, extra: Record<string, unknown> = {}) => ({
  name: 'Shop',
  endpoint: url,
  projectId: 'shop',
  colour: 'teal' as const,
  tag: 'staging' as const,
  key: KEY,
  ...extra,
})

/** Keys in memory for this run because the OS keychain did not answer: the host's fallback. */
class KeychainOut extends MemorySecretStore {
  readonly state = { checking: false, available: false, reason: 'timed_out' as const, message: 'timed out' }
}

/**
 * Keys in memory, with one read held back: it answers what was stored when it was asked, but only
 * once let go, as a real keychain may answer reads out of turn.
 */
class HeldRead extends MemorySecretStore {
  private reads = 0
  private holding = 0
  private release!: () => void
  private readonly released = new Promise<void>((resolve) => (this.release = resolve))
  private noticeAsked!: () => void
  /** Settles once the held read has been asked. */
  readonly asked = new Promise<void>((resolve) => (this.noticeAsked = resolve))
  deleted = false
  /** Holds the `n`th read from now. */
  hold(n: number) {
    this.holding = this.reads + n
  }
  letGo() {
    this.release()
  }
  override async get(account: string) {
    const read = ++this.reads
    const answer = await super.get(account)
    if (read !== this.holding) return answer
    this.noticeAsked()
    await this.released
    return answer
  }
  override async delete(account: string) {
    const gone = await super.delete(account)
    this.deleted = true
    return gone
  }
}

describe('ProjectsService', () => {
  it('adds a project, checks it, and keeps the key out of the registry and the view', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const { projects, dataDir } = service(new MemorySecretStore())
    const view = await projects.add(definition(`${sb.url}/`))
    expect(view).toMatchObject({
      name: 'Shop',
      endpoint: sb.url,
      scopes: { read: true, write: true },
      key: { present: true, lastFour: 'WXYZ' },
      reach: { state: 'online' },
    })
    expect(view.lastCheckedAt).not.toBeNull()
    expect(JSON.stringify(view)).not.toContain(KEY)
    expect(readFileSync(join(dataDir, 'projects.json'), 'utf8')).not.toContain(KEY)
    const users = await (await projects.resolve(view.id)).clients.users.list()
    expect(users.total).toBe(5)
  })

  it('refuses a second project with the same name', async () => {
    const { projects } = service(new MemorySecretStore())
    await projects.add(definition(`http://127.0.0.1:${await closedPort()}/v1`))
    const error = await rejection(projects.add(definition('http://127.0.0.1:1/v1', { name: 'shop' })))
    expect(error).toMatchObject({ code: 'conflict', field: 'name' })
  })

  it('refuses every write to a read-only project, and names the missing scope of a read-only key', async () => {
    const full = await sandbox({ apiKey: KEY })
    const readOnlyKey = await sandbox({ apiKey: KEY, scopes: ['users.read'] })
    const { projects } = service(new MemorySecretStore())
    const locked = await projects.add(definition(full.url, { name: 'Locked', safeMode: 'read-only' }))
    expect(errorOf(() => projects.guardWrite(locked.id))).toMatchObject({ code: 'read_only' })
    expect(errorOf(() => projects.guardWrite(locked.id, { destructive: true, confirm: 'Locked' })).code).toBe(
      'read_only',
    )

    const reader = await projects.add(definition(readOnlyKey.url, { name: 'Reader' }))
    expect(reader.scopes).toEqual({ read: true, write: false })
    const refused = errorOf(() => projects.guardWrite(reader.id))
    expect(refused.code).toBe('missing_scope')
    expect(refused.message).toContain('users.write')
    // And should anything slip past the guard, the server's refusal names the scope too.
    const { clients } = await projects.resolve(reader.id)
    const first = (await clients.users.list()).users[0]!
    const server = await rejection(clients.users.updateName({ userId: first.$id, name: 'Changed' }))
    expect(server).toMatchObject({ code: 'missing_scope' })
    expect(server.message).toContain('users.write')

    await projects.update({ project: locked.id, safeMode: 'off', proof: KEY })
    expect(projects.guardWrite(locked.id).name).toBe('Locked')
  })

  it('reports a check as one moment, even when the keychain answers out of turn', async () => {
    const reader = await sandbox({ apiKey: KEY, scopes: ['users.read'] })
    const secrets = new HeldRead()
    const { projects } = service(secrets)
    const seen: ProjectView[] = []
    projects.onChange((view) => seen.push(view))
    // The check's reads: its key, then the "checking" view's key, which is held…
    secrets.hold(2)
    const adding = projects.add(definition(reader.url, { name: 'Reader' }))
    // …until the check has ended.
    await expect.poll(() => projects.entries().find((p) => p.name === 'Reader')?.lastCheckedAt).toBeTruthy()
    secrets.letGo()
    const added = await adding
    expect(added).toMatchObject({ reach: { state: 'online' }, scopes: { read: true, write: false } })
    await expect.poll(() => seen.length).toBeGreaterThanOrEqual(2)
    // No view pairs the check's "online" with the scopes from before it.
    for (const view of seen) {
      if (view.reach.state === 'online') expect(view.scopes).toEqual({ read: true, write: false })
    }
    expect(seen.at(-1)).toMatchObject({ reach: { state: 'online' }, scopes: { read: true, write: false } })
  })

  it('delivers a project’s views in the order of its changes, however the keychain answers', async () => {
    const secrets = new HeldRead()
    const { projects } = service(secrets)
    const added = await projects.add(definition(`http://127.0.0.1:${await closedPort()}/v1`))
    const seen: ProjectView[] = []
    projects.onChange((view) => seen.push(view))
    // A rename's view reads the key, and the keychain is slow to answer that read…
    secrets.hold(1)
    const renaming = projects.update({ project: added.id, name: 'Shop (EU)' })
    await secrets.asked
    // …while the key is deleted, and that change's view could be made at once.
    const deleting = projects.deleteKey(added.id)
    await expect.poll(() => secrets.deleted).toBe(true)
    secrets.letGo()
    await Promise.all([renaming, deleting])
    await expect.poll(() => seen.length).toBe(2)
    // The rename's view, which read the key before it went, is not the one left standing.
    expect(seen.map((v) => v.key.present)).toEqual([true, false])
    expect(seen.at(-1)).toMatchObject({ name: 'Shop (EU)', reach: { code: 'key_missing' } })
  })

  it('asks for the typed name before a destructive action on production, and before removing it', async () => {
    const { projects } = service(new MemorySecretStore())
    // With its safe mode off, production still asks for the typed name before anything destructive.
    const prod = await projects.add(
      definition(`http://127.0.0.1:${await closedPort()}/v1`, {
        name: 'Live',
        tag: 'production',
        safeMode: 'off',
      }),
    )
    expect(projects.guardWrite(prod.id).name).toBe('Live')
    expect(errorOf(() => projects.guardWrite(prod.id, { destructive: true }))).toMatchObject({
      code: 'confirmation_required',
      field: 'confirm',
    })
    expect(errorOf(() => projects.guardWrite(prod.id, { destructive: true, confirm: 'live' })).code).toBe(
      'confirmation_required',
    )
    expect(projects.guardWrite(prod.id, { destructive: true, confirm: 'Live' }).id).toBe(prod.id)
    expect((await rejection(projects.remove(prod.id))).code).toBe('confirmation_required')
    expect(await projects.remove(prod.id, 'Live')).toEqual({ removed: prod.id })
  })

  it('forgets what a key could do when the key or the server changes, and checks again', async () => {
    const first = await sandbox({ apiKey: KEY, scopes: ['users.read'] })
    const second = await sandbox({ apiKey: 'standard_second_key_abcd', projectId: 'other' })
    const { projects } = service(new MemorySecretStore())
    const view = await projects.add(definition(first.url))
    expect(view.scopes.write).toBe(false)
    // The stored key stays with its server: moving to another one needs the key typed again.
    const refused = await rejection(
      projects.update({ project: view.id, endpoint: second.url, projectId: 'other' }),
    )
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'key' })
    const testRefused = await rejection(
      projects.testDraft({ endpoint: second.url, projectId: 'other', project: view.id }),
    )
    expect(testRefused).toMatchObject({ code: 'invalid_input', field: 'key' })
    // Same server, another project id: the stored key is tried there, and found wanting.
    const moved = await projects.update({ project: view.id, projectId: 'other' })
    expect(moved.reach).toMatchObject({ state: 'error', code: 'project_not_found' })
    expect(moved.scopes).toEqual({ read: null, write: null })
    const relocated = await projects.update({
      project: view.id,
      endpoint: second.url,
      key: 'standard_wrong_key_for_second',
    })
    expect(relocated.reach).toMatchObject({ state: 'error', code: 'key_invalid' })
    const rekeyed = await projects.setKey(view.id, 'standard_second_key_abcd')
    expect(rekeyed).toMatchObject({
      scopes: { read: true, write: true },
      key: { lastFour: 'abcd' },
      reach: { state: 'online' },
    })
    const keyless = await projects.deleteKey(view.id)
    expect(keyless).toMatchObject({ key: { present: false }, reach: { code: 'key_missing' } })
    expect((await rejection(projects.resolve(view.id))).code).toBe('key_missing')
  })

  it('moves no project to another server while the keychain is out this run', async () => {
    const first = await sandbox({ apiKey: KEY })
    const second = await sandbox({ apiKey: 'standard_second_key_abcd', projectId: 'other' })
    const { projects } = service(new KeychainOut())
    const view = await projects.add(definition(first.url))
    // A key given now would stay in memory, and the keychain, back next run, would answer the one
    // stored before: to the second server.
    const moved = await rejection(
      projects.update({ project: view.id, endpoint: second.url, key: 'standard_second_key_abcd' }),
    )
    expect(moved).toMatchObject({ code: 'keychain_unavailable', field: 'endpoint' })
    expect(moved.message).toContain(`moved to ${new URL(second.url).origin} now, the project would send`)
    expect((await projects.list()).find((p) => p.id === view.id)?.endpoint).toBe(first.url)
    // The same server with another path, or another project id there: the stored key stays where it was.
    const renamed = await projects.update({ project: view.id, name: 'Renamed', projectId: 'shop' })
    expect(renamed.name).toBe('Renamed')
  })

  it('keeps the order the person chose', async () => {
    const { projects } = service(new MemorySecretStore())
    const url = `http://127.0.0.1:${await closedPort()}/v1`
    const a = await projects.add(definition(url, { name: 'A' }))
    const b = await projects.add(definition(url, { name: 'B' }))
    const c = await projects.add(definition(url, { name: 'C' }))
    const order = await projects.reorder([c.id, a.id])
    expect(order.map((p) => p.name)).toEqual(['C', 'A', 'B'])
    expect(b.id).toBeTruthy()
  })

  it('lists projects with no network, marks them unreachable and checks again until they answer', async () => {
    const port = await closedPort()
    const { projects } = service(new MemorySecretStore(), { backoff: { baseMs: 50, maxMs: 200 } })
    await projects.add(definition(`http://127.0.0.1:${port}/v1`, { name: 'Offline' }))
    const listed = await projects.list()
    expect(listed.map((p) => p.name)).toEqual(['Offline'])
    expect(listed[0]!.reach).toMatchObject({ state: 'unreachable', code: 'unreachable' })

    const seen: ProjectView[] = []
    const online = new Promise<ProjectView>((resolve) =>
      projects.onChange((view) => {
        seen.push(view)
        if (view.reach.state === 'online') resolve(view)
      }),
    )
    projects.watch()
    const unreachableAgain = await new Promise<ProjectView>((resolve) =>
      projects.onChange((v) => v.reach.state === 'unreachable' && resolve(v)),
    )
    expect(unreachableAgain.reach.nextRetryAt).not.toBeNull()
    // The network "returns": a server starts on that port, and the next retry finds it.
    const back = await startSandbox({ port, projectId: 'shop', apiKey: KEY, quiet: true })
    try {
      const view = await online
      expect(view.scopes).toEqual({ read: true, write: true })
      expect(seen.some((v) => v.reach.state === 'checking')).toBe(true)
    } finally {
      await back.close()
    }
  })

  it('notices when a project goes away during use, and re-checks it', async () => {
    const port = await closedPort()
    const running = await startSandbox({ port, projectId: 'shop', apiKey: KEY, quiet: true })
    const { projects } = service(new MemorySecretStore())
    const view = await projects.add(definition(running.url))
    expect(view.reach.state).toBe('online')
    const { clients } = await projects.resolve(view.id)
    await running.close()
    const marked = new Promise<ProjectView>((resolve) =>
      projects.onChange((v) => v.reach.state === 'unreachable' && resolve(v)),
    )
    expect((await rejection(clients.users.list())).code).toBe('unreachable')
    expect((await marked).reach.code).toBe('unreachable')
  })

  it('ends its projects’ connections when closed', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const { projects } = service(new MemorySecretStore())
    const view = await projects.add(definition(sb.url))
    const { clients } = await projects.resolve(view.id)
    await clients.users.list()
    expect(await sb.openConnections()).toBeGreaterThan(0)
    projects.close()
    // The sandbox keeps an idle connection 65 s: only the client ends it sooner.
    await vi.waitFor(async () => expect(await sb.openConnections()).toBe(0), {
      timeout: 10_000,
      interval: 20,
    })
  })

  it('stops retrying when closed', async () => {
    const { projects } = service(new MemorySecretStore(), { backoff: { baseMs: 60_000, maxMs: 60_000 } })
    const added = await projects.add(definition(`http://127.0.0.1:${await closedPort()}/v1`))
    projects.watch()
    const scheduled = await projects.check(added.id)
    expect(scheduled.reach.nextRetryAt).not.toBeNull()
    projects.close()
    const after = await projects.check(added.id)
    expect(after.reach).toMatchObject({ state: 'unreachable', nextRetryAt: null })
  })

  it('reads a registry and a definitions file from before safe-mode levels as the levels they meant', async () => {
    const dataDir = tempDir()
    const old = (name: string, tag: string, readOnly: boolean) => ({
      id: `p_${name}`,
      name,
      endpoint: 'https://cloud.appwrite.io/v1',
      projectId: name,
      colour: 'teal',
      tag,
      readOnly,
      scopes: { read: null, write: null },
      lastCheckedAt: null,
    })
    writeFileSync(
      join(dataDir, 'projects.json'),
      JSON.stringify({
        version: 1,
        projects: [
          old('frozen', 'staging', true),
          old('live', 'production', false),
          old('dev', 'development', false),
        ],
      }),
    )
    const { projects } = service(new MemorySecretStore(), { dataDir })
    expect(projects.entries().map((e) => [e.name, e.safeMode])).toEqual([
      ['frozen', 'read-only'],
      ['live', 'confirm'],
      ['dev', 'off'],
    ])
    const file = { format: 'userdeck-projects', version: 1, projects: [{ ...old('x', 'staging', true) }] }
    const { id: _id, scopes: _scopes, lastCheckedAt: _checked, ...definition } = file.projects[0]!
    const report = await projects.importDefinitions(JSON.stringify({ ...file, projects: [definition] }))
    expect(report.added.map((p) => p.safeMode)).toEqual(['read-only'])
  })

  it('exports definitions without keys, and imports them asking for each key', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const source = service(new MemorySecretStore())
    await source.projects.add(definition(sb.url, { name: 'Shop', tag: 'production', safeMode: 'read-only' }))
    await source.projects.add(
      definition(sb.url, { name: 'Shop staging', projectId: 'shop-staging', colour: 'orange' }),
    )
    const template = 'https://app.example.com/magic?userId={userId}&secret={secret}'
    source.projects.setLinkTemplate(source.projects.entries()[0]!.id, template)
    const { json, count } = source.projects.exportDefinitions()
    expect(count).toBe(2)
    expect(json).not.toContain(KEY)
    expect(json).not.toContain(KEY.slice(-4))
    const file = JSON.parse(json) as { format: string; projects: Record<string, unknown>[] }
    expect(file.format).toBe('userdeck-projects')
    expect(Object.keys(file.projects[0]!).sort()).toEqual([
      'colour',
      'endpoint',
      'name',
      'projectId',
      'safeMode',
      'signInLink',
      'tag',
    ])
    expect(file.projects[0]!.signInLink).toBe(template)
    expect(file.projects[1]).not.toHaveProperty('signInLink')

    const target = service(new MemorySecretStore())
    const report = await target.projects.importDefinitions(json)
    expect(report.skipped).toEqual([])
    expect(report.added.map((p) => target.projects.linkTemplate(p.id))).toEqual([template, null])
    expect(report.added.map((p) => [p.name, p.tag, p.safeMode, p.key.present, p.reach.code])).toEqual([
      ['Shop', 'production', 'read-only', false, 'key_missing'],
      ['Shop staging', 'staging', 'off', false, 'key_missing'],
    ])
    const again = await target.projects.importDefinitions(json)
    expect(again.added).toEqual([])
    expect(again.skipped.map((s) => s.reason)).toEqual([
      'Already here as "Shop".',
      'Already here as "Shop staging".',
    ])

    const keyed = await target.projects.setKey(report.added[0]!.id, KEY)
    expect(keyed.reach.state).toBe('online')

    const withKey = JSON.stringify({
      format: 'userdeck-projects',
      version: 1,
      projects: [{ name: 'X', endpoint: sb.url, projectId: 'x', key: KEY }],
    })
    expect((await rejection(target.projects.importDefinitions(withKey))).code).toBe('invalid_input')
    expect((await rejection(target.projects.importDefinitions('not json'))).code).toBe('invalid_input')

    // A template the window would refuse (no {secret}) stops the file, named where it is.
    const badTemplate = JSON.stringify({
      format: 'userdeck-projects',
      version: 1,
      projects: [
        { name: 'Y', endpoint: sb.url, projectId: 'y', signInLink: 'https://app.example.com/{userId}' },
      ],
    })
    const refused = await rejection(target.projects.importDefinitions(badTemplate))
    expect(refused.code).toBe('invalid_input')
    expect(refused.message).toContain('projects.0.signInLink')
    expect(target.projects.entries().map((e) => e.name)).not.toContain('Y')
  })

  it('removing a project forgets its sign-in link template, and a new project at the same place starts without one', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const { projects, dataDir } = service(new MemorySecretStore())
    const added = await projects.add(definition(sb.url, { name: 'Shop' }))
    projects.setLinkTemplate(added.id, 'https://app.example.com/magic?u={userId}&s={secret}')
    await projects.remove(added.id, 'Shop')
    expect(new LinkTemplates(dataDir, () => undefined).get(added.id)).toBeNull()
    const again = await projects.add(definition(sb.url, { name: 'Shop' }))
    expect(projects.linkTemplate(again.id)).toBeNull()
  })

  it('serves a project named by URL for this run without storing it', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const { projects, dataDir } = service(new MemorySecretStore())
    const ref = projects.registerAdhoc({ endpoint: sb.url, projectId: 'shop', key: KEY })
    expect((await (await projects.resolve(ref)).clients.users.list()).total).toBe(5)
    expect((await projects.list()).map((p) => p.id)).not.toContain(ref)
    expect(() => readFileSync(join(dataDir, 'projects.json'))).toThrow()
  })
})
