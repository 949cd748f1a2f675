import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'
import { expectEachRowEndedOnce, killAfterRows, startChild } from '../helpers/killed-child'
import { login } from './helpers'

const USERS = 1500
const KILL_AFTER_ROWS = 400
const KEY = 'resume-test-key'

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

/** The importing Userdeck process (import-child.ts), started through `launcher` when given. */
function startImportChild(env: { dataDir: string; endpoint: string; file: string }, launcher: string[] = []) {
  return startChild(
    join(import.meta.dirname, 'import-child.ts'),
    { DATA_DIR: env.dataDir, ENDPOINT: env.endpoint, KEY, FILE: env.file },
    launcher,
  )
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
        const child = startImportChild({ dataDir, endpoint: sandbox.url, file })
        const jobId = await killAfterRows(child, dataDir, KILL_AFTER_ROWS)
        const { output } = child
        // What the dead process had sent is processed now, its answers lost: outcomes to reconcile.
        hold.release()
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
          const report = await host.services.jobs.report(jobId)
          // A row that did not end done says why, so a failure here can be told from the report.
          const notDone = JSON.stringify(report.filter((r) => r.outcome !== 'done').slice(0, 5))
          expect(job.counts, notDone).toEqual({ total: USERS, done: USERS, skipped: 0, failed: 0 })
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
