import { execFile } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { ID, Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { KEY, PROJECT, sandbox, usersFor } from './helpers'

/**
 * The official Appwrite CLI (npm appwrite-cli), a client nobody here wrote, drives the sandbox through
 * its `users` commands. It keeps its settings under HOME and the working directory, so both are a
 * fresh temporary folder: nothing of the person running the tests is read or written.
 */
const run = promisify(execFile)
const CLI = join(dirname(createRequire(import.meta.url).resolve('appwrite-cli/package.json')), 'index.js')

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>
let home: string

async function appwrite(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...args], {
    cwd: home,
    env: { ...process.env, HOME: home, USERPROFILE: home, NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 60_000,
  })
  return stdout
}

/** `appwrite … --json` prints the server's answer as JSON. */
async function appwriteJson<T>(...args: string[]): Promise<T> {
  return JSON.parse(await appwrite(...args, '--json')) as T
}

/** The CLI asks for Appwrite's 1.8.0 response format, which has no impersonator fields. */
function asFormat180<T extends object>(user: T): Omit<T, 'impersonator' | 'impersonatorUserId'> {
  const {
    impersonator: _i,
    impersonatorUserId: _u,
    ...rest
  } = user as T & {
    impersonator?: unknown
    impersonatorUserId?: unknown
  }
  return rest
}

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
  home = await mkdtemp(join(tmpdir(), 'userdeck-appwrite-cli-'))
  // Checks the endpoint with GET /health/version (as the console project) before saving anything.
  await appwrite('client', '--endpoint', sb.url, '--project-id', PROJECT, '--key', KEY)
})
afterAll(async () => {
  await sb.close()
  await rm(home, { recursive: true, force: true })
})

describe('the official Appwrite CLI against the sandbox', () => {
  it('creates and gets a user, as the sandbox holds it', async () => {
    const created = await appwriteJson<{ $id: string; email: string; name: string }>(
      'users',
      'create',
      '--user-id',
      'cli-ann',
      '--email',
      'Ann.Lee@Example.com',
      '--name',
      'Ann Lee',
    )
    expect(created).toMatchObject({ $id: 'cli-ann', email: 'ann.lee@example.com', name: 'Ann Lee' })
    expect(sb.store.getUser('cli-ann')?.email).toBe('ann.lee@example.com')
    const got = await appwriteJson<object>('users', 'get', '--user-id', 'cli-ann')
    expect(got).toEqual(asFormat180(await users.get({ userId: 'cli-ann' })))
    expect(got).not.toHaveProperty('impersonator')
  })

  it('lists with queries and search, the same users node-appwrite gets', async () => {
    for (const [id, name] of [
      ['cli-bob', 'Bob Stone'],
      ['cli-cid', 'Cid Stone'],
      ['cli-dee', 'Dee Marsh'],
    ]) {
      await users.create({ userId: id as string, name: name as string, email: `${id}@example.com` })
    }
    await users.updateStatus({ userId: 'cli-cid', status: false })
    const queries = [Query.equal('status', [true]), Query.startsWith('$id', 'cli-'), Query.orderDesc('name')]
    const listed = await appwriteJson<{ total: number; users: { $id: string }[] }>(
      'users',
      'list',
      '--queries',
      ...queries,
    )
    const expected = await users.list({ queries })
    expect(listed.total).toBe(expected.total)
    expect(listed.users.map((u) => u.$id)).toEqual(['cli-dee', 'cli-bob', 'cli-ann'])
    expect(listed.users).toEqual(expected.users.map(asFormat180))
    const found = await appwriteJson<{ users: { $id: string }[] }>('users', 'list', '--search', 'stone')
    expect(found.users.map((u) => u.$id)).toEqual(['cli-bob', 'cli-cid'])
  })

  it('replaces labels', async () => {
    const updated = await appwriteJson<{ labels: string[] }>(
      'users',
      'update-labels',
      '--user-id',
      'cli-bob',
      '--labels',
      'vip',
      'beta',
      'vip',
    )
    expect(updated.labels).toEqual(['vip', 'beta'])
    expect(sb.store.getUser('cli-bob')?.labels).toEqual(['vip', 'beta'])
  })

  it('lists and ends sessions', async () => {
    await users.createSession({ userId: 'cli-bob' })
    await users.createSession({ userId: 'cli-bob' })
    const listed = await appwriteJson<{ total: number; sessions: { $id: string; userId: string }[] }>(
      'users',
      'list-sessions',
      '--user-id',
      'cli-bob',
    )
    expect(listed.total).toBe(2)
    expect(listed.sessions.map((s) => s.$id)).toEqual(sb.store.sessions.forUser('cli-bob').map((s) => s.$id))
    await appwrite('users', 'delete-sessions', '--user-id', 'cli-bob')
    expect(sb.store.sessions.forUser('cli-bob')).toEqual([])
  })

  it('deletes a user', async () => {
    const id = ID.unique()
    await users.create({ userId: id })
    await appwrite('users', 'delete', '--user-id', id)
    expect(sb.store.getUser(id)).toBeUndefined()
  })

  it('reports an Appwrite error as the server worded it, and fails', async () => {
    const failure = await appwrite('users', 'get', '--user-id', 'nobody-here').then(
      () => null,
      (e: { code?: number; stdout?: string; stderr?: string }) => e,
    )
    expect(failure?.code).not.toBe(0)
    expect(`${failure?.stdout ?? ''}${failure?.stderr ?? ''}`).toContain(
      'User with the requested ID could not be found.',
    )
  })
})
