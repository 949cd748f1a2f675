/**
 * Throughput of the job engine against a plain sequential node-appwrite loop doing the same work,
 * both against the sandbox with 20 ms injected latency, in the same run:
 *   - label add over 5,000 users (read the user, write the whole label set), and
 *   - ending every session of 1,000 users (list the sessions, delete them).
 * Prints one JSON object as its last line: {"labels_ratio_vs_sequential": …, "sessions_ratio_vs_sequential": …,
 * "latency_ms": …, "label_users": …, "session_users": …}.
 * Env: BENCH_LABEL_USERS, BENCH_SESSION_USERS to change the sizes; BENCH_TINY=1 for a few users.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Query, Users } from 'node-appwrite'
import { createHost, type Host } from '../src/host/host'
import { MemorySecretStore } from '../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../src/sandbox'
import type { JobView } from '../src/shared/models/jobs'
import { followJob } from '../src/cli/follow-job'
import { log, runBench, sized } from './run-bench'

const LATENCY_MS = 20
const LABEL_USERS = Number(process.env.BENCH_LABEL_USERS ?? sized(5000, 60))
const SESSION_USERS = Number(process.env.BENCH_SESSION_USERS ?? sized(1000, 30))
const KEY = 'bench_bulk_key_0123456789'

async function sandboxWith(users: number, projectId: string, sessions: boolean): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ port: 0, projectId, apiKey: KEY, seed: users, quiet: true })
  if (sessions) {
    const api = usersApi(sandbox, projectId)
    const active = [...sandbox.store.users.values()].filter((u) => u.status).map((u) => u.$id)
    for (let i = 0; i < active.length; i += 50)
      await Promise.all(active.slice(i, i + 50).map((userId) => api.createSession({ userId })))
  }
  sandbox.setFaults({ latencyMs: LATENCY_MS })
  return sandbox
}

function usersApi(sandbox: RunningSandbox, projectId: string): Users {
  return new Users(new Client().setEndpoint(sandbox.url).setProject(projectId).setKey(KEY))
}

async function allIds(users: Users): Promise<string[]> {
  const ids: string[] = []
  let cursor: string | null = null
  for (;;) {
    const page: Awaited<ReturnType<Users['list']>> = await users.list({
      queries: [Query.limit(500), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
    })
    ids.push(...page.users.map((u) => u.$id))
    if (page.users.length < 500) return ids
    cursor = page.users.at(-1)!.$id
  }
}

/** Users per second, the way a careful script would do it: one user after another. */
async function sequentialLabels(sandbox: RunningSandbox, projectId: string): Promise<number> {
  const users = usersApi(sandbox, projectId)
  const started = performance.now()
  for (const userId of await allIds(users)) {
    const user = await users.get({ userId })
    if (!user.labels.includes('benchseq'))
      await users.updateLabels({ userId, labels: [...user.labels, 'benchseq'] })
  }
  return LABEL_USERS / ((performance.now() - started) / 1000)
}

async function sequentialSessions(sandbox: RunningSandbox, projectId: string): Promise<number> {
  const users = usersApi(sandbox, projectId)
  const started = performance.now()
  for (const userId of await allIds(users)) {
    const list = await users.listSessions({ userId })
    if (list.sessions.length > 0) await users.deleteSessions({ userId })
  }
  return SESSION_USERS / ((performance.now() - started) / 1000)
}

async function register(host: Host, sandbox: RunningSandbox, projectId: string): Promise<string> {
  const r = await host.dispatch('projects.add', {
    name: projectId,
    endpoint: sandbox.url,
    projectId,
    key: KEY,
  })
  if (!r.ok) throw new Error(r.error.message)
  return (r.value as { id: string }).id
}

async function engineRun(
  host: Host,
  channel: 'labels.bulk' | 'sessions.bulkKill',
  input: object,
): Promise<number> {
  const started = performance.now()
  const planned = await host.dispatch(channel, input)
  if (!planned.ok) throw new Error(planned.error.message)
  const id = (planned.value as JobView).id
  const done = await followJob(host.events, id, async () => {
    const run = await host.dispatch('jobs.start', { jobId: id })
    if (!run.ok) throw new Error(run.error.message)
    return run.value as JobView
  })
  const seconds = (performance.now() - started) / 1000
  if (done.state !== 'completed' || done.counts.failed > 0)
    throw new Error(`job ended ${done.state}: ${done.lastError}`)
  return (done.counts.total ?? 0) / seconds
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'userdeck-bench-'))
  const host = await createHost({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
  try {
    const seqLabels = await sandboxWith(LABEL_USERS, 'seqlabels', false)
    const jobLabels = await sandboxWith(LABEL_USERS, 'joblabels', false)
    const seqSessions = await sandboxWith(SESSION_USERS, 'seqsessions', true)
    const jobSessions = await sandboxWith(SESSION_USERS, 'jobsessions', true)
    const labelsRef = await register(host, jobLabels, 'joblabels')
    const sessionsRef = await register(host, jobSessions, 'jobsessions')

    const jobLabelRate = await engineRun(host, 'labels.bulk', {
      project: labelsRef,
      selection: { all: true },
      op: 'add',
      labels: ['benchjob'],
    })
    log(`labels: job engine ${jobLabelRate.toFixed(1)} users/s`)
    const seqLabelRate = await sequentialLabels(seqLabels, 'seqlabels')
    log(`labels: sequential ${seqLabelRate.toFixed(1)} users/s`)
    const jobSessionRate = await engineRun(host, 'sessions.bulkKill', {
      project: sessionsRef,
      selection: { all: true },
    })
    log(`sessions: job engine ${jobSessionRate.toFixed(1)} users/s`)
    const seqSessionRate = await sequentialSessions(seqSessions, 'seqsessions')
    log(`sessions: sequential ${seqSessionRate.toFixed(1)} users/s`)

    for (const s of [seqLabels, jobLabels, seqSessions, jobSessions]) await s.close()
    return {
      labels_ratio_vs_sequential: Math.round((jobLabelRate / seqLabelRate) * 100) / 100,
      sessions_ratio_vs_sequential: Math.round((jobSessionRate / seqSessionRate) * 100) / 100,
      latency_ms: LATENCY_MS,
      label_users: LABEL_USERS,
      session_users: SESSION_USERS,
    }
  } finally {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runBench('bench:bulk', main)
