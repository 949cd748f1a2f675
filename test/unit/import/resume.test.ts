import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
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

/** Every row ended exactly once in the journal, across all the processes that ran the job. */
function expectEachRowEndedOnce(dataDir: string, jobId: string, rows: number): void {
  const ends = new Map<string, number>()
  for (const l of journal(dataDir, jobId)) if (l.phase === 'end') ends.set(l.key, (ends.get(l.key) ?? 0) + 1)
  expect(ends.size).toBe(rows)
  expect([...ends.values()].every((n) => n === 1)).toBe(true)
}

const PASSWORD = 'same-password-for-all'

/** `count` people sharing one bcrypt password, each with one of seven labels. */
function writeUsersCsv(file: string, count: number): void {
  const hash = bcrypt.hashSync(PASSWORD, 4)
  const rows = Array.from(
    { length: count },
    (_, i) => `person${i}@example.com,Person ${i},${hash},cohort${i % 7}`,
  )
  writeFileSync(file, ['email,name,password,labels', ...rows].join('\n'))
}

/**
 * The importing Userdeck process (import-child.ts), started through `launcher` (a command that runs
 * the rest, like prlimit) when given; `output` fills as it prints.
 */
function startImportChild(
  env: { dataDir: string; endpoint: string; file: string },
  launcher: string[] = [],
): { child: ChildProcess; output: { out: string; err: string }; exited: Promise<number | null> } {
  const command = [
    ...launcher,
    process.execPath,
    '--import',
    'tsx',
    join(import.meta.dirname, 'import-child.ts'),
  ]
  const child = spawn(command[0]!, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATA_DIR: env.dataDir,
      ENDPOINT: env.endpoint,
      KEY,
      FILE: env.file,
      DBUS_SESSION_BUS_ADDRESS: '',
    },
  })
  const output = { out: '', err: '' }
  child.stdout!.on('data', (d: Buffer) => (output.out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (output.err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  return { child, output, exited }
}

describe('import under faults, killed with kill -9 and resumed', () => {
  it(
    'ends with exactly the users of the file: none missing, none duplicated, report accurate',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir()
      const dataDir = join(dir, 'data')
      const file = join(dir, 'users.csv')
      writeUsersCsv(file, USERS)
      // 10% 5xx, 429 bursts above 300 requests a second, and 3% dropped connections (half after the write).
      const sandbox = await startSandbox({
        port: 0,
        projectId: 'import-target',
        apiKey: KEY,
        quiet: true,
        faults: { failRate: 0.1, rateLimitPerSec: 300, dropRate: 0.03 },
      })
      // The server answers the first 800 creates, then holds the rest: the import is still running
      // at the kill however fast or slow the machine is.
      const hold = sandbox.hold({ after: 800, match: ({ method }) => method === 'POST' })
      try {
        const { child, output, exited } = startImportChild({ dataDir, endpoint: sandbox.url, file })
        let killed = false
        for (;;) {
          const jobId = /job (\S+)/.exec(output.out)?.[1]
          if (jobId && journal(dataDir, jobId).filter((l) => l.phase === 'end').length >= KILL_AFTER_ROWS) {
            child.kill('SIGKILL')
            killed = true
            break
          }
          if (child.exitCode !== null) break
          await new Promise((r) => setTimeout(r, 10))
        }
        await exited
        expect(killed, `the import finished before it could be killed: ${output.err}`).toBe(true)
        // What the dead process had sent is processed now, its answers lost: outcomes to reconcile.
        hold.release()
        const jobId = /job (\S+)/.exec(output.out)![1]!
        const project = /project (\S+)/.exec(output.out)![1]!
        expect(sandbox.store.users.size).toBeLessThan(USERS)

        // The next Userdeck start (the key comes from the keychain; here, a memory store given it).
        const secrets = new MemorySecretStore()
        await secrets.set(project, KEY)
        const host = await createHostInternals({ dataDir, shell: 'cli', secrets, demo: false })
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
        expectEachRowEndedOnce(dataDir, jobId, USERS)
        sandbox.setFaults({})
        expect(await login(sandbox, 'person1234@example.com', PASSWORD)).toBe(true)
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
      const file = join(dir, 'users.csv')
      // About 170 bytes of journal a row: the cap is reached near row 750.
      const users = 2000
      writeUsersCsv(file, users)
      const sandbox = await startSandbox({ port: 0, projectId: 'import-target', apiKey: KEY, quiet: true })
      try {
        // Past the cap a write fails with EFBIG (Node ignores SIGXFSZ), after a short write: a disk full.
        const { output, exited } = startImportChild({ dataDir, endpoint: sandbox.url, file }, [
          'prlimit',
          `--fsize=${JOURNAL_MAX_BYTES}`,
        ])
        const code = await exited
        expect(code, output.err).toBe(0)
        const jobId = /job (\S+)/.exec(output.out)![1]!
        const project = /project (\S+)/.exec(output.out)![1]!
        const journalFile = join(dataDir, 'jobs', jobId, 'journal.jsonl')
        expect(readFileSync(journalFile).length).toBe(JOURNAL_MAX_BYTES)
        const createdBefore = sandbox.store.users.size
        expect(createdBefore).toBeGreaterThan(0)
        expect(createdBefore).toBeLessThan(users)

        const secrets = new MemorySecretStore()
        await secrets.set(project, KEY)
        const host = await createHostInternals({ dataDir, shell: 'cli', secrets, demo: false })
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
        // The line the full disk cut is left out.
        expectEachRowEndedOnce(dataDir, jobId, users)
      } finally {
        await sandbox.close()
      }
    },
  )
})
