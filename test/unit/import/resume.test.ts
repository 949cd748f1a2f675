import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { createHost } from '../../../src/main/host'
import { MemorySecretStore } from '../../../src/main/projects/secret-store'
import { startSandbox } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'
import { login } from './helpers'

const USERS = 1500
const KILL_AFTER_ROWS = 400
const KEY = 'resume-test-key'

function journal(dataDir: string, jobId: string): { key: string; phase: string; outcome?: string }[] {
  const file = join(dataDir, 'jobs', jobId, 'journal.jsonl')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as { key: string; phase: string; outcome?: string }] : []
      } catch {
        return [] // the last line may be cut short by the kill
      }
    })
}

describe('import under faults, killed with kill -9 and resumed', () => {
  it(
    'ends with exactly the users of the file: none missing, none duplicated, report accurate',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir()
      const dataDir = join(dir, 'data')
      const hash = bcrypt.hashSync('same-password-for-all', 4)
      const file = join(dir, 'users.csv')
      writeFileSync(
        file,
        [
          'email,name,password,labels',
          ...Array.from(
            { length: USERS },
            (_, i) => `person${i}@example.com,Person ${i},${hash},cohort${i % 7}`,
          ),
        ].join('\n'),
      )
      // 10% 5xx, 429 bursts above 300 requests a second, and 3% dropped connections (half after the write).
      const sandbox = await startSandbox({
        port: 0,
        projectId: 'import-target',
        apiKey: KEY,
        quiet: true,
        faults: { failRate: 0.1, rateLimitPerSec: 300, dropRate: 0.03 },
      })
      try {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, 'import-child.ts')],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: {
              ...process.env,
              DATA_DIR: dataDir,
              ENDPOINT: sandbox.url,
              KEY,
              FILE: file,
              DBUS_SESSION_BUS_ADDRESS: '',
            },
          },
        )
        let out = ''
        let err = ''
        child.stdout.on('data', (d: Buffer) => (out += d.toString()))
        child.stderr.on('data', (d: Buffer) => (err += d.toString()))
        const exited = new Promise((resolve) => child.on('exit', resolve))
        let killed = false
        for (;;) {
          const jobId = /job (\S+)/.exec(out)?.[1]
          if (jobId && journal(dataDir, jobId).filter((l) => l.phase === 'end').length >= KILL_AFTER_ROWS) {
            child.kill('SIGKILL')
            killed = true
            break
          }
          if (child.exitCode !== null) break
          await new Promise((r) => setTimeout(r, 10))
        }
        await exited
        expect(killed, `the import finished before it could be killed: ${err}`).toBe(true)
        const jobId = /job (\S+)/.exec(out)![1]!
        const project = /project (\S+)/.exec(out)![1]!
        expect(sandbox.store.users.size).toBeLessThan(USERS)

        // The next Userdeck start (the key comes from the keychain; here, a memory store given it).
        const secrets = new MemorySecretStore()
        await secrets.set(project, KEY)
        const host = await createHost({ dataDir, shell: 'cli', secrets, demo: false })
        try {
          expect(host.services.jobs.get(jobId).state).toBe('interrupted')
          const resumed = await host.dispatch('jobs.resume', { jobId })
          expect(resumed.ok).toBe(true)
          const job = await host.services.jobs.wait(jobId)
          expect(job.state).toBe('completed')
          expect(job.counts).toEqual({ total: USERS, done: USERS, skipped: 0, failed: 0 })
          const report = await host.services.jobs.report(jobId)
          expect(report.filter((r) => r.outcome === 'done')).toHaveLength(USERS)
        } finally {
          await host.close()
        }

        // The server holds exactly the people of the file, each once, with their labels.
        const users = [...sandbox.store.users.values()]
        expect(users).toHaveLength(USERS)
        const emails = new Set(users.map((u) => u.email))
        expect(emails.size).toBe(USERS)
        for (let i = 0; i < USERS; i++) expect(emails.has(`person${i}@example.com`)).toBe(true)
        expect(users.every((u) => u.labels.length === 1 && u.hash === 'bcrypt')).toBe(true)
        // Every row ended exactly once in the journal, across both processes.
        const ends = new Map<string, number>()
        for (const l of journal(dataDir, jobId))
          if (l.phase === 'end') ends.set(l.key, (ends.get(l.key) ?? 0) + 1)
        expect(ends.size).toBe(USERS)
        expect([...ends.values()].every((n) => n === 1)).toBe(true)
        sandbox.setFaults({})
        expect(await login(sandbox, 'person1234@example.com', 'same-password-for-all')).toBe(true)
      } finally {
        await sandbox.close()
      }
    },
  )
})

/** util-linux's prlimit caps the size of every file the child writes, as a full disk would stop it. */
const prlimit = spawnSync('prlimit', ['--version']).status === 0
const JOURNAL_MAX_BYTES = 128 * 1024

describe('import when the disk fills up', () => {
  it.skipIf(!prlimit)(
    'stops interrupted, saying why; resumed, it ends with exactly the users of the file',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir()
      const dataDir = join(dir, 'data')
      const hash = bcrypt.hashSync('same-password-for-all', 4)
      const file = join(dir, 'users.csv')
      // About 170 bytes of journal a row: the cap is reached near row 750.
      const users = 2000
      writeFileSync(
        file,
        [
          'email,name,password,labels',
          ...Array.from(
            { length: users },
            (_, i) => `person${i}@example.com,Person ${i},${hash},cohort${i % 7}`,
          ),
        ].join('\n'),
      )
      const sandbox = await startSandbox({ port: 0, projectId: 'import-target', apiKey: KEY, quiet: true })
      try {
        // Past the cap a write fails with EFBIG (Node ignores SIGXFSZ), after a short write: a disk full.
        const child = spawn(
          'prlimit',
          [
            `--fsize=${JOURNAL_MAX_BYTES}`,
            process.execPath,
            '--import',
            'tsx',
            join(import.meta.dirname, 'import-child.ts'),
          ],
          {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: {
              ...process.env,
              DATA_DIR: dataDir,
              ENDPOINT: sandbox.url,
              KEY,
              FILE: file,
              DBUS_SESSION_BUS_ADDRESS: '',
            },
          },
        )
        let out = ''
        let err = ''
        child.stdout.on('data', (d: Buffer) => (out += d.toString()))
        child.stderr.on('data', (d: Buffer) => (err += d.toString()))
        const code = await new Promise((resolve) => child.on('exit', resolve))
        expect(code, err).toBe(0)
        const jobId = /job (\S+)/.exec(out)![1]!
        const project = /project (\S+)/.exec(out)![1]!
        const journalFile = join(dataDir, 'jobs', jobId, 'journal.jsonl')
        expect(readFileSync(journalFile).length).toBe(JOURNAL_MAX_BYTES)
        const createdBefore = sandbox.store.users.size
        expect(createdBefore).toBeGreaterThan(0)
        expect(createdBefore).toBeLessThan(users)

        const secrets = new MemorySecretStore()
        await secrets.set(project, KEY)
        const host = await createHost({ dataDir, shell: 'cli', secrets, demo: false })
        try {
          const stopped = host.services.jobs.get(jobId)
          expect(stopped.state).toBe('interrupted')
          expect(stopped.lastError).toMatch(
            /journal .*journal\.jsonl could not be written \(EFBIG.*resume the job/,
          )
          expect((await host.dispatch('jobs.resume', { jobId })).ok).toBe(true)
          const job = await host.services.jobs.wait(jobId)
          expect(job.state).toBe('completed')
          expect(job.counts).toEqual({ total: users, done: users, skipped: 0, failed: 0 })
        } finally {
          await host.close()
        }
        const emails = new Set([...sandbox.store.users.values()].map((u) => u.email))
        expect(sandbox.store.users.size).toBe(users)
        for (let i = 0; i < users; i++) expect(emails.has(`person${i}@example.com`)).toBe(true)
        // Every row ended exactly once across both runs: the line the full disk cut is left out.
        const ends = new Map<string, number>()
        for (const l of journal(dataDir, jobId))
          if (l.phase === 'end') ends.set(l.key, (ends.get(l.key) ?? 0) + 1)
        expect(ends.size).toBe(users)
        expect([...ends.values()].every((n) => n === 1)).toBe(true)
      } finally {
        await sandbox.close()
      }
    },
  )
})
