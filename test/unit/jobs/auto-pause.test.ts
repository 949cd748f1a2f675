import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobView } from '@shared/models/jobs'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { ManualTimers } from '../helpers/manual-timers'
import { tempDir } from '../helpers/temp-dir'
import { call } from './harness'
import { jobWhen } from './job-events'

const KEY = 'standard_outage_test_key_0123456789'
const USERS = 60
/** Creates the server answers before it holds the rest: the job is part-way when the server dies. */
const ANSWERED = 20

interface Env {
  dir: string
  sandbox: RunningSandbox
  timers: ManualTimers
  host: HostInternals
  project: string
}

const open: Env[] = []
afterEach(async () => {
  for (const env of open.splice(0)) {
    await env.host.close()
    await env.sandbox.close()
  }
})

async function environment(): Promise<Env> {
  const dir = tempDir()
  const sandbox = await startSandbox({ port: 0, projectId: 'outage', apiKey: KEY, quiet: true })
  const timers = new ManualTimers()
  const host = await createHostInternals({
    dataDir: join(dir, 'data'),
    shell: 'cli',
    secrets: new MemorySecretStore(),
    demo: false,
    timers,
  })
  const added = await call(host, 'projects.add', {
    name: 'Outage shop',
    endpoint: sandbox.url,
    projectId: 'outage',
    key: KEY,
  })
  const env = { dir, sandbox, timers, host, project: added.id }
  open.push(env)
  return env
}

/** Plans an import of USERS people and starts it; resolves once the server holds its later creates. */
async function importHeld(env: Env): Promise<JobView> {
  const file = join(env.dir, 'people.csv')
  const rows = Array.from({ length: USERS }, (_, i) => `person${i}@example.com,Person ${i}`)
  writeFileSync(file, ['email,name', ...rows].join('\n'))
  const planned = await call(env.host, 'import.createJob', {
    plan: { project: env.project, source: { kind: 'file', path: file }, format: 'csv' },
    onExisting: 'fail',
    skip: [],
  })
  const hold = env.sandbox.hold({ after: ANSWERED, match: ({ method }) => method === 'POST' })
  await call(env.host, 'jobs.start', { jobId: planned.id })
  await hold.reached()
  return planned
}

/** The server dies (held creates end unanswered, new connections are refused): resolves with the job paused by it. */
async function serverDies(env: Env, jobId: string): Promise<JobView> {
  const paused = jobWhen(env.host, jobId, (j) => j.state === 'paused' && j.pause?.nextCheckAt != null)
  await env.sandbox.stop()
  return paused
}

function journalLines(env: Env, jobId: string): { key: string; phase: string; outcome?: string }[] {
  return readFileSync(join(env.dir, 'data', 'jobs', jobId, 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { key: string; phase: string; outcome?: string })
}

/** Every person of the file is a user once, every row ended once and done. */
function expectEachUserCreatedOnce(env: Env, jobId: string): void {
  const emails = [...env.sandbox.store.users.values()].map((u) => u.email).sort()
  expect(emails).toEqual(Array.from({ length: USERS }, (_, i) => `person${i}@example.com`).sort())
  const ends = journalLines(env, jobId).filter((l) => l.phase === 'end')
  expect(ends.filter((l) => l.outcome !== 'done')).toEqual([])
  expect(new Set(ends.map((l) => l.key)).size).toBe(USERS)
  expect(ends).toHaveLength(USERS)
}

describe('a job whose server dies', () => {
  it('pauses itself, fails no row for the outage, and resumes by itself once the server answers', async () => {
    const env = await environment()
    const job = await importHeld(env)
    const paused = await serverDies(env, job.id)

    expect(paused.pause).toMatchObject({
      reason: 'unreachable',
      since: new Date(env.timers.now()).toISOString(),
    })
    expect(paused.counts.failed).toBe(0)
    expect(paused.lastError).toBeNull()
    expect(journalLines(env, job.id).filter((l) => l.outcome === 'failed')).toEqual([])
    // One check of the server is set; nothing else runs while the job waits.
    expect(env.timers.pending).toBe(1)
    expect(Date.parse(paused.pause!.nextCheckAt!)).toBe(env.timers.nextAt)

    // Still down at the first check: the job stays paused and asks again, later.
    const firstWait = env.timers.nextAt! - env.timers.now()
    const rescheduled = jobWhen(
      env.host,
      job.id,
      (j) => j.pause?.nextCheckAt != null && j.pause.nextCheckAt !== paused.pause!.nextCheckAt,
    )
    env.timers.fireNext()
    const stillPaused = await rescheduled
    expect(stillPaused.state).toBe('paused')
    expect(stillPaused.counts.failed).toBe(0)
    expect(env.timers.nextAt! - env.timers.now()).toBeGreaterThan(firstWait)
    const projects = await call(env.host, 'projects.list', {})
    expect(projects.find((p) => p.id === env.project)!.reach.state).toBe('unreachable')

    // The server is back on the same address with what it had: the next check resumes the job.
    await env.sandbox.start()
    const completed = jobWhen(env.host, job.id, (j) => j.state === 'completed')
    const resumed = jobWhen(env.host, job.id, (j) => j.state === 'running')
    env.timers.fireNext()
    expect((await resumed).pause).toBeNull()
    const done = await completed
    expect(done.counts).toEqual({ total: USERS, done: USERS, skipped: 0, failed: 0 })
    expectEachUserCreatedOnce(env, job.id)
    expect(env.timers.pending).toBe(0)
  })

  it('a person may resume it before the server is back; a person pausing it keeps it paused', async () => {
    const env = await environment()
    const job = await importHeld(env)
    await serverDies(env, job.id)

    // Paused by a person: no check is left to resume it.
    const kept = await call(env.host, 'jobs.pause', { jobId: job.id })
    expect(kept.pause).toMatchObject({ reason: 'manual', nextCheckAt: null })
    expect(env.timers.pending).toBe(0)

    await env.sandbox.start()
    expect(env.host.services.jobs.get(job.id).state).toBe('paused')
    const completed = jobWhen(env.host, job.id, (j) => j.state === 'completed')
    await call(env.host, 'jobs.resume', { jobId: job.id })
    const done = await completed
    expect(done.counts).toEqual({ total: USERS, done: USERS, skipped: 0, failed: 0 })
    expectEachUserCreatedOnce(env, job.id)
  })

  it('paused for the outage when Userdeck stops, it resumes in the next run with no row lost or doubled', async () => {
    const env = await environment()
    const job = await importHeld(env)
    await serverDies(env, job.id)
    // Rows in flight when the server died have a start and no end: the journal keeps them open.
    const lines = journalLines(env, job.id)
    const ended = new Set(lines.filter((l) => l.phase === 'end').map((l) => l.key))
    expect(lines.some((l) => l.phase === 'start' && !ended.has(l.key))).toBe(true)
    await env.host.close()
    expect(env.timers.pending).toBe(0)

    const next = await createHostInternals({
      dataDir: join(env.dir, 'data'),
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: false,
      timers: env.timers,
    })
    env.host = next
    await call(next, 'projects.setKey', { project: env.project, key: KEY })
    expect(next.services.jobs.get(job.id).state).toBe('interrupted')
    await env.sandbox.start()
    await call(next, 'jobs.resume', { jobId: job.id })
    const done = await next.services.jobs.wait(job.id)
    expect(done.counts).toEqual({ total: USERS, done: USERS, skipped: 0, failed: 0 })
    expectEachUserCreatedOnce(env, job.id)
  })
})
