import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Query, Users } from 'node-appwrite'
import { afterAll, describe, expect, it } from 'vitest'
import { sandbox, usersFor } from './helpers'

const ROOT = join(import.meta.dirname, '../../..')
// One process (node with tsx's loader), so signals hit the server itself rather than a tsx wrapper.
const NODE_ARGS = ['--import', 'tsx']
const BCRYPT = '$2a$04$Q9sZ8yJmV7vJ1bY9yq1m7eOQ6WzJm4JZ1Gm6R0w8m8s3Jv4q6a0xK'

const dirs: string[] = []
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-data-'))
  dirs.push(dir)
  return dir
}
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true })
})

/** Starts the CLI as a child process and resolves once it prints its URL. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...NODE_ARGS, 'src/sandbox/cli.ts', '--port', '0', '--project', 'cli', '--key', 'cli-key', ...args],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /^listening (http:\/\/127\.0\.0\.1:\d+\/v1)$/m.exec(out)
      if (m?.[1]) resolve({ child, url: m[1] })
    })
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`cli exited (${code}) before listening: ${err}`)))
  })
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once('exit', (code) => resolve(code))
  })
}

const client = (url: string) => new Users(new Client().setEndpoint(url).setProject('cli').setKey('cli-key'))

describe('persistence', () => {
  it('keeps every acknowledged write across kill -9 of the CLI', async () => {
    const dir = await tempDir()
    const first = await startCli(['--data', dir, '--seed', '20'])
    const users = client(first.url)
    // Concurrent writes, so several land in one group commit.
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        users.createBcryptUser(`p${i}`, `p${i}@example.com`, BCRYPT, `P ${i}`),
      ),
    )
    await Promise.all(Array.from({ length: 50 }, (_, i) => users.updateLabels(`p${i}`, ['kept', `n${i}`])))
    await users.delete('p199')
    await users.updatePrefs('p0', { theme: 'dark' })
    const session = await users.createSession('p1')
    first.child.kill('SIGKILL')
    await exited(first.child)

    const second = await startCli(['--data', dir, '--seed', '20'])
    try {
      const again = client(second.url)
      const all = await again.list([Query.limit(1000)])
      expect(all.total).toBe(20 + 199)
      expect((await again.list([Query.contains('labels', ['kept'])])).total).toBe(50)
      expect((await again.get('p7')).labels).toEqual(['kept', 'n7'])
      expect(await again.getPrefs('p0')).toEqual({ theme: 'dark' })
      expect((await again.listSessions('p1')).sessions.map((s) => s.$id)).toEqual([session.$id])
      await expect(again.get('p199')).rejects.toMatchObject({ code: 404 })
      // Order survived too: the seeded users come first.
      expect(all.users[20]?.$id).toBe('p0')
    } finally {
      second.child.kill('SIGTERM')
      expect(await exited(second.child)).toBe(0)
    }
  })

  it('restarts in-process from the same directory and ignores --seed when data exists', async () => {
    const dir = await tempDir()
    const one = await sandbox({ dataDir: dir, seed: 30 })
    await usersFor(one).updateName((await usersFor(one).list()).users[0]!.$id, 'Changed')
    const snapshot = await usersFor(one).list([Query.limit(100)])
    await one.close()
    const two = await sandbox({ dataDir: dir, seed: 500 })
    try {
      const restored = await usersFor(two).list([Query.limit(100)])
      expect(restored).toEqual(snapshot)
      expect(restored.users[0]?.name).toBe('Changed')
    } finally {
      await two.close()
    }
  })
})
