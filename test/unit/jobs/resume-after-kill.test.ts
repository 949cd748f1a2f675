import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client, Users } from 'node-appwrite'
import { startSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import type { AuditEntry } from '@shared/models'
import type { JobView } from '@shared/models/jobs'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

const USERS = 2000
const KILL_AFTER_ROWS = 300
/** The CLI's demo server answers this many writes, then holds the rest: the job cannot finish before the kill. */
const WRITES_BEFORE_HOLD = 600
const bin = join(import.meta.dirname, '../../../bin/userdeck.mjs')

/** Opens the CLI's demo project data in this process, as the next Userdeck start would. */
async function openDemoData(dataDir: string, seed = 0) {
  const apiKey = 'kill_test_key'
  const sandbox = await startSandbox({
    port: 0,
    projectId: 'demo',
    apiKey,
    seed,
    dataDir: join(dataDir, 'demo-project'),
    quiet: true,
  })
  const users = new Users(new Client().setEndpoint(sandbox.url).setProject('demo').setKey(apiKey))
  return { sandbox, users }
}

function journalLines(dataDir: string): { key: string; phase: string; reason?: string }[] {
  const root = join(dataDir, 'jobs')
  if (!existsSync(root)) return []
  const lines: { key: string; phase: string; reason?: string }[] = []
  for (const id of readdirSync(root)) {
    const file = join(root, id, 'journal.jsonl')
    if (!existsSync(file)) continue
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      try {
        if (raw.trim()) lines.push(JSON.parse(raw) as { key: string; phase: string; reason?: string })
      } catch {
        // The last line may be cut short by the kill.
      }
    }
  }
  return lines
}

/**
 * Runs the CLI on the demo data with `args`, and kill -9s it once the journal has KILL_AFTER_ROWS ends.
 * Its demo server holds the writes after WRITES_BEFORE_HOLD, so the job is still running at the kill
 * however fast or slow the machine is.
 */
async function killMidJob(dataDir: string, args: string[]): Promise<void> {
  const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: '',
      USERDECK_SANDBOX_HOLD_AFTER: String(WRITES_BEFORE_HOLD),
    },
  })
  let childErr = ''
  child.stderr.on('data', (d: Buffer) => (childErr += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  let killed = false
  for (;;) {
    const ends = journalLines(dataDir).filter((l) => l.phase === 'end').length
    if (ends >= KILL_AFTER_ROWS) {
      child.kill('SIGKILL')
      killed = true
      break
    }
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 10))
  }
  await exited
  expect(killed, `the CLI finished before it could be killed: ${childErr}`).toBe(true)
}

/** The next start: the job shows as interrupted, `jobs resume` completes it, every row ended exactly once. */
async function resumeInterrupted(dataDir: string) {
  const listIo = captureIo()
  expect(await runCliPatiently(['--data-dir', dataDir, '--json', 'jobs', 'list'], listIo)).toBe(0)
  const [job] = JSON.parse(listIo.stdout) as JobView[]
  expect(job!.state).toBe('interrupted')
  expect(journalLines(dataDir).filter((l) => l.phase === 'end').length).toBeLessThan(USERS)

  const resumeIo = captureIo()
  expect(
    await runCliPatiently(['--data-dir', dataDir, '--json', 'jobs', 'resume', job!.id], resumeIo),
    resumeIo.stderr,
  ).toBe(0)
  const finished = JSON.parse(resumeIo.stdout) as JobView
  expect(finished.state).toBe('completed')
  expect(finished.counts.done + finished.counts.skipped).toBe(USERS)
  expect(finished.counts.failed).toBe(0)

  const lines = journalLines(dataDir)
  const ends = new Map<string, number>()
  for (const l of lines) if (l.phase === 'end') ends.set(l.key, (ends.get(l.key) ?? 0) + 1)
  expect(ends.size).toBe(USERS)
  expect([...ends.values()].every((n) => n === 1)).toBe(true)
  const reconciled = lines
    .filter((l) => l.phase === 'end' && l.reason?.startsWith('Confirmed'))
    .map((l) => l.key)
  // Only rows in flight at the kill were settled by reading the server.
  expect(reconciled.length).toBeLessThanOrEqual(32)
  return { job: finished, reconciled }
}

function auditOf(dataDir: string, jobId: string, action: string): AuditEntry[] {
  return readFileSync(join(dataDir, 'audit', 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AuditEntry)
    .filter((e) => e.jobId === jobId && e.action === action)
}

describe('bulk jobs survive kill -9 of the CLI and resume without doing a row twice', () => {
  it('sessions kill: kill -9 mid-job, then `jobs resume`', { timeout: 180_000 }, async () => {
    const dataDir = tempDir()
    // A bigger demo project than the default, every active user with one more session.
    const seeded = await openDemoData(dataDir, USERS)
    const active = [...seeded.sandbox.store.users.values()].filter((u) => u.status).map((u) => u.$id)
    for (let i = 0; i < active.length; i += 50)
      await Promise.all(active.slice(i, i + 50).map((userId) => seeded.users.createSession({ userId })))
    const sessionsBefore = new Map(
      [...seeded.sandbox.store.users.keys()].map((id) => [
        id,
        seeded.sandbox.store.sessions.forUser(id).length,
      ]),
    )
    await seeded.sandbox.close()

    await killMidJob(dataDir, ['sessions', 'kill', '--project', 'demo', '--all', '--yes'])
    const { job, reconciled } = await resumeInterrupted(dataDir)

    // The server: nobody has a session left.
    const after = await openDemoData(dataDir)
    for (const id of sessionsBefore.keys()) expect(after.sandbox.store.sessions.forUser(id)).toHaveLength(0)
    await after.sandbox.close()

    // Ending sessions is not idempotent to observe: each kill is one audit entry with the count the user
    // had. At most one per user, only of users who had sessions, and each of those is accounted for — by
    // its entry, or (a call cut off by the kill) by the reconciliation that read the server (which cannot
    // tell "ended by us" from "had none").
    const audit = auditOf(dataDir, job.id, 'sessions.kill')
    const killedUsers = audit.map((e) => e.userId!)
    expect(new Set(killedUsers).size).toBe(killedUsers.length)
    const hadSessions = [...sessionsBefore].filter(([, n]) => n > 0).map(([id]) => id)
    const accounted = new Set([...killedUsers, ...reconciled])
    for (const id of hadSessions) expect(accounted.has(id), id).toBe(true)
    for (const e of audit)
      expect((e.before as { sessions: number }).sessions).toBe(sessionsBefore.get(e.userId!))
  })

  it('labels add: kill -9 mid-job, then `jobs resume`', { timeout: 180_000 }, async () => {
    const dataDir = tempDir()
    const seeded = await openDemoData(dataDir, USERS)
    const labelsBefore = new Map([...seeded.sandbox.store.users.values()].map((u) => [u.$id, [...u.labels]]))
    await seeded.sandbox.close()

    await killMidJob(dataDir, ['labels', 'add', '--project', 'demo', '--labels', 'killed', '--all', '--yes'])
    const { job, reconciled } = await resumeInterrupted(dataDir)

    // Every user has the label once, and every label they had before.
    const after = await openDemoData(dataDir)
    for (const [id, before] of labelsBefore)
      expect(after.sandbox.store.getUser(id)!.labels).toEqual([...before, 'killed'])
    await after.sandbox.close()

    const audit = auditOf(dataDir, job.id, 'labels.add')
    const written = audit.map((e) => e.userId!)
    expect(new Set(written).size).toBe(written.length)
    const accounted = new Set([...written, ...reconciled])
    expect(accounted.size).toBe(USERS)
  })
})
