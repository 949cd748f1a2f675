/**
 * Import throughput and memory, measured in one run against the sandbox in its own process (with
 * 20 ms injected latency, a near network):
 *   - Userdeck: a 20,000-user bcrypt CSV imported as a job (read, map, create, journal), three times
 *     (three files, three jobs, after a smaller one that warms the process up); the best run counts,
 *     as for each of the ceiling's concurrencies, which is measured before and after them. It runs in
 *     a process of its own, from this file bundled as the app bundles its code: under tsx, esbuild's
 *     keepNames wraps each closure made per row, which the app never pays;
 *   - a sequential node-appwrite loop creating the same kind of users one after another;
 *   - the ceiling: raw parallel HTTP creates (undici, no SDK) of as many users as Userdeck's runs, at
 *     the best of concurrencies up to 1024 (`fraction_of_ceiling`), and at the one nearest the most
 *     the job's limit let out at once (`fraction_of_ceiling_same_concurrency`). Rounds of the same
 *     size: shorter ones ran slower here (their start is a larger share), which flattered the ratio;
 *   - paired: a raw round of the same 20,000 users at the import's concurrency cap before and after
 *     each of Userdeck's runs, each run divided by the mean of the two rounds beside it, the median of
 *     those (`fraction_of_ceiling_paired`). The machine's speed drifts over minutes, by more than the
 *     gap measured; a ratio of neighbours cancels the drift that best-against-best keeps;
 *   - CPU per user, of the import job's process and of raw HTTP's, and a third import's run (in this
 *     process, under tsx; the validation before it left out) under the profiler with its CPU per user
 *     split by part (Userdeck's code, node-appwrite, undici, Node, GC);
 *   - bytes allocated per user: a fifth import's run (in a process of its own, bundled) and raw HTTP
 *     at the concurrency the job reached, under the sampling heap profiler, Userdeck's split by part;
 *     and raw HTTP again, sending the headers node-appwrite sends with every call (9 against raw's 3),
 *     which is the SDK's share of the gap. What a row allocates is what its young-generation
 *     collections cost;
 *   - peak memory of a separate process importing a generated 1,000,000-row CSV as a job through the
 *     engine (validation, dry run, run, report) into a fresh sandbox process with no injected latency;
 *   - as the baseline for it, peak memory of a process that only streams and validates the same file.
 * Last line: {"ratio_vs_sequential": …, "fraction_of_ceiling": …, "fraction_of_ceiling_same_concurrency": …,
 *   "fraction_of_ceiling_paired": …, "paired_ratios": […], "paired_raw_users_per_sec": […],
 *   "peak_rss_mb_1m_rows": …,
 *   "userdeck_users_per_sec": …, "ceiling_users_per_sec": …, "userdeck_cpu_us_per_user": …,
 *   "raw_cpu_us_per_user": …, "userdeck_cpu_us_per_user_by_part": {…}, "userdeck_alloc_bytes_per_user": …,
 *   "raw_alloc_bytes_per_user": …, "raw_sdk_headers_alloc_bytes_per_user": …,
 *   "userdeck_alloc_bytes_per_user_by_part": {…}, "userdeck_node_flags": …, …}.
 * Env: BENCH_IMPORT_USERS (20000), BENCH_MEMORY_ROWS (1000000); BENCH_TINY=1 for a few hundred rows;
 *   BENCH_PROFILE_FILE=PATH.cpuprofile keeps the profiled import's whole profile;
 *   BENCH_ALLOC_PROFILE_DIR=DIR keeps both allocation profiles there (userdeck.heapprofile, raw.heapprofile);
 *   BENCH_IMPORT_NODE_FLAGS='--max-semi-space-size=64' runs every process of Userdeck's with those
 *   Node/V8 flags (the app sets none on its command line), to try the runtime's settings; the figures
 *   name them;
 *   BENCH_IMPORT_PAIRED_RUNS (3) sets how many paired runs there are: more give a steadier median;
 *   BENCH_IMPORT_VARIANT sets a second Userdeck process against the app as it runs: its runs take turns
 *   with the app's (app, variant, variant, app, …; as many of each), and the figures gain `variant`,
 *   `fraction_of_ceiling_paired_variant` and `paired_ratios_variant`. `worker=N` imports in a worker
 *   thread with an N MB young generation (the whole job there) and measures its million-row peak too
 *   (`peak_rss_mb_1m_rows_variant`); anything else is V8 flags that process sets at run time after the
 *   host's own (`--no-parallel-scavenge`, say). Runs interleaved in one bench are the way to
 *   tell two settings apart here: single runs drift by more than most differences.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { Worker, parentPort, resourceLimits } from 'node:worker_threads'
import { once } from 'node:events'
import bcrypt from 'bcryptjs'
import { Client, Users } from 'node-appwrite'
import { Agent } from 'undici'
import type { JobPreview, JobView } from '@shared/models/jobs'
import { IMPORT_MAX_CONCURRENCY } from '@shared/models/import'
import { createHostInternals, type HostInternals } from '../src/host/host'
import { MemorySecretStore } from '../src/host/projects/secret-store'
import { createImportJobKind } from '../src/host/import/import-job'
import { openSource } from '../src/host/import/source'
import { guessMapping } from '../src/host/import/formats'
import { validateSource } from '../src/host/import/validator'
import { limitHeapGrowth } from '../src/host/heap'
import { build } from 'esbuild'
import { ROOT, TINY, log, median, runBench, sized } from './run-bench'
import { profileParts } from './cpu-profile'
import { allocationParts } from './allocation-profile'

const USERS = Number(process.env.BENCH_IMPORT_USERS ?? sized(20_000, 200))
/** The import that warms Userdeck's process up (its code compiled, its first connections made) first. */
const WARMUP_USERS = Math.ceil(USERS / 10)
/** Userdeck's runs (of each process, with a variant), each between raw rounds at the same concurrency. */
const PAIRED_RUNS = Number(process.env.BENCH_IMPORT_PAIRED_RUNS ?? 3)
const MEMORY_ROWS = Number(process.env.BENCH_MEMORY_ROWS ?? sized(1_000_000, 1_000))
const SEQUENTIAL_USERS = sized(400, 20)
/** Raw HTTP's rounds under the allocation profiler: bytes a user need fewer users than a rate does. */
const ALLOC_USERS = sized(6000, 200)
const CEILING_CONCURRENCY = TINY ? [64] : [64, 128, 256, 512, 1024]
const LATENCY_MS = 20
const KEY = 'bench_import_key_0123456789'
/** Node/V8 flags for Userdeck's processes only, for experiments; empty, as the app runs, by default. */
const NODE_FLAGS = (process.env.BENCH_IMPORT_NODE_FLAGS ?? '').split(' ').filter(Boolean)

/**
 * A second Userdeck process to set against the app as it runs, for experiments: `worker=N` imports in
 * one worker thread with an N MB young generation (the whole job there, host and all); anything else
 * is V8 flags that process sets at run time after the host's own, as the app can set flags.
 */
type Variant = { worker: number } | { flags: string[] }

function variantOf(text: string): Variant {
  const young = /^worker=(\d+)$/.exec(text)?.[1]
  if (young) return { worker: Number(young) }
  if (/^worker=/.test(text))
    throw new Error(`BENCH_IMPORT_VARIANT=${text}: worker=N takes a whole number of MB`)
  return { flags: text.split(' ').filter(Boolean) }
}

const VARIANT = process.env.BENCH_IMPORT_VARIANT ?? ''

/** The young generation this thread was given, in MB: a worker variant's; null on a process's own thread. */
const YOUNG_GENERATION_MB = resourceLimits.maxYoungGenerationSizeMb ?? null

/** How a run's log line names a thread given a young generation of its own. */
const inWorkerThread = (youngMb: number | null) =>
  youngMb === null ? '' : ` in a worker thread with a ${youngMb} MB young generation`
const PROJECT = 'bench-import'

/** One bcrypt hash per distinct password (cost 4): the sandbox stores hashes without re-hashing them. */
const HASHES = ['alpha-password', 'bravo-password', 'charlie-password'].map((p) => bcrypt.hashSync(p, 4))

/** With `labels`, each user costs two calls (create, then labels); without, one. */
async function writeCsv(path: string, rows: number, prefix: string, labels = true): Promise<void> {
  const out = createWriteStream(path)
  out.write(labels ? 'email,name,password,labels\n' : 'email,name,password\n')
  for (let i = 0; i < rows; i++) {
    const line = `${prefix}${i}@example.com,Person ${i},${HASHES[i % HASHES.length]}`
    if (!out.write(labels ? `${line},cohort${i % 10}\n` : `${line}\n`)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

async function startSandboxProcess(latencyMs = LATENCY_MS): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/sandbox/cli.ts',
      '--port',
      '0',
      '--project',
      PROJECT,
      '--key',
      KEY,
      '--latency',
      String(latencyMs),
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let out = ''
  for await (const chunk of child.stdout!) {
    out += String(chunk)
    const url = /listening (\S+)/.exec(out)?.[1]
    if (url) return { url, child }
  }
  throw new Error(`the sandbox did not start: ${out}`)
}

async function sequential(url: string): Promise<number> {
  const users = new Users(new Client().setEndpoint(url).setProject(PROJECT).setKey(KEY))
  const started = performance.now()
  for (let i = 0; i < SEQUENTIAL_USERS; i++) {
    await users.createBcryptUser({
      userId: `seq${i}`,
      email: `seq${i}@example.com`,
      password: HASHES[i % HASHES.length]!,
      name: `Person ${i}`,
    })
    await users.updateLabels({ userId: `seq${i}`, labels: [`cohort${i % 10}`] })
  }
  return SEQUENTIAL_USERS / ((performance.now() - started) / 1000)
}

const RAW_HEADERS = {
  'content-type': 'application/json',
  'x-appwrite-project': PROJECT,
  'x-appwrite-key': KEY,
}

/** What node-appwrite sends with each of these calls: its client's headers (SDK, version, user agent, key), the call's. */
const SDK_HEADERS = {
  ...new Client().setKey(KEY).headers,
  'X-Appwrite-Project': PROJECT,
  'content-type': 'application/json',
}

/**
 * Raw HTTP, no SDK, no journal, over undici's plain `request` (the leanest client Node has; WHATWG
 * fetch costs several times its CPU): the most the server and the network give at this concurrency.
 */
async function ceilingAt(
  url: string,
  concurrency: number,
  round: string,
  users = USERS,
  headers: Record<string, string> = RAW_HEADERS,
): Promise<{ rate: number; cpuPerUser: number }> {
  let next = 0
  const agent = new Agent()
  const post = async (path: string, body: unknown, method: 'POST' | 'PUT' = 'POST') => {
    const target = new URL(url + path)
    for (;;) {
      const res = await agent.request({
        origin: target.origin,
        path: target.pathname,
        method,
        headers,
        body: JSON.stringify(body),
      })
      JSON.parse(await res.body.text())
      if (res.statusCode < 300) return
      if (res.statusCode !== 429 && res.statusCode < 500) throw new Error(`${res.statusCode} on ${path}`)
    }
  }
  const started = performance.now()
  const cpu = process.cpuUsage()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < users; i = next++) {
        const userId = `c${round}${concurrency}x${i}`
        await post('/users/bcrypt', {
          userId,
          email: `${userId}@example.com`,
          password: HASHES[i % HASHES.length],
          name: `Person ${i}`,
        })
        await post(`/users/${userId}/labels`, { labels: [`cohort${i % 10}`] }, 'PUT')
      }
    }),
  )
  const rate = users / ((performance.now() - started) / 1000)
  const used = process.cpuUsage(cpu)
  await agent.close()
  return { rate, cpuPerUser: (used.user + used.system) / users }
}

/** A host in a fresh data folder with the sandbox registered as a project. */
async function benchHost(url: string): Promise<{ host: HostInternals; project: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'userdeck-bench-import-'))
  const host = await createHostInternals({
    dataDir,
    shell: 'cli',
    secrets: new MemorySecretStore(),
    demo: false,
  })
  const added = await host.dispatch('projects.add', {
    name: 'Bench',
    endpoint: url,
    projectId: PROJECT,
    key: KEY,
  })
  if (!added.ok) throw new Error(added.error.message)
  return { host, project: (added.value as { id: string }).id, dataDir }
}

interface UserdeckRun {
  rate: number
  validateSeconds: number
  /** µs of this process's CPU per user imported: the sandbox runs in a process of its own. */
  cpuPerUser: number
  /** The most calls the job's adaptive limit let out at once. */
  concurrency: number
  /** YOUNG_GENERATION_MB of the thread that ran it. */
  youngGenerationMb: number | null
}

/** Runs the job: as it is, or inside a profiler (which then sees the run, not the validation before it). */
type Around = (run: () => Promise<JobView>) => Promise<JobView>

async function userdeck(
  url: string,
  file: string,
  around: Around = (run) => run(),
  users = USERS,
): Promise<UserdeckRun> {
  const { host, project, dataDir } = await benchHost(url)
  try {
    const validateStarted = performance.now()
    const planned = await host.dispatch('import.createJob', {
      plan: { project, source: { kind: 'file', path: file }, format: 'csv' },
      onExisting: 'fail',
      skip: [],
    })
    if (!planned.ok) throw new Error(planned.error.message)
    const validateSeconds = (performance.now() - validateStarted) / 1000
    const jobId = (planned.value as { id: string }).id
    let concurrency = 0
    host.events.subscribe((event, payload) => {
      const job = payload as JobView
      if (event === 'jobs.changed' && job.id === jobId) concurrency = Math.max(concurrency, job.concurrency)
    })
    const started = performance.now()
    const cpu = process.cpuUsage()
    const job = await around(async () => {
      await host.dispatch('jobs.start', { jobId })
      return host.services.jobs.wait(jobId)
    })
    const used = process.cpuUsage(cpu)
    if (job.counts.done !== users)
      throw new Error(`imported ${job.counts.done} of ${users}: ${job.lastError}`)
    return {
      rate: users / ((performance.now() - started) / 1000),
      validateSeconds,
      cpuPerUser: (used.user + used.system) / users,
      concurrency,
      youngGenerationMb: YOUNG_GENERATION_MB,
    }
  } finally {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Where an allocation profile is kept, when BENCH_ALLOC_PROFILE_DIR asks for them. */
function allocationProfileFile(name: 'userdeck' | 'raw'): string | undefined {
  const dir = process.env.BENCH_ALLOC_PROFILE_DIR
  return dir ? join(dir, `${name}.heapprofile`) : undefined
}

/** Runs in a child, bundled as the app is: the bytes one import allocates per user, by part. */
async function allocationChild(url: string, file: string): Promise<void> {
  let bytes: Record<string, number> = {}
  await userdeck(url, file, async (run) => {
    const sampled = await allocationParts(run, allocationProfileFile('userdeck'))
    bytes = sampled.bytes
    return sampled.result
  })
  const perUser = Object.fromEntries(Object.entries(bytes).map(([part, b]) => [part, Math.round(b / USERS)]))
  process.stdout.write(`${JSON.stringify(perUser)}\n`)
}

/** Runs in a child so its peak RSS is the validation's alone: stream, map and validate every row. */
async function validateChild(file: string): Promise<void> {
  const source = await openSource(
    { source: { kind: 'file', path: file }, format: 'csv' },
    {
      filePath: () => file,
      usersOf: () => Promise.reject(new Error('no project')),
    },
  )
  const mapping = guessMapping(source.columns, [])
  const result = await validateSource(source, mapping, { type: 'auto' }, null)
  if (result.rows !== MEMORY_ROWS || result.valid !== MEMORY_ROWS)
    throw new Error(`validated ${result.valid} of ${result.rows}`)
  process.stdout.write(`${JSON.stringify({ maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`)
}

/**
 * Runs in a child so its peak RSS is the import job's alone: the wizard's path (validate and plan,
 * the dry run over HTTP, the run, then the rows not done from the streamed report). A million
 * creates take the sandbox over ten minutes on two shared cores, so the run is the import kind's own
 * rows (the file read, mapped and checked again) through the engine (limiter, journal, counts) with
 * each row's calls left out: the calls in flight are bounded by the concurrency, not by the rows.
 */
async function importChild(file: string, url: string): Promise<void> {
  const { host, project, dataDir } = await benchHost(url)
  const seconds: Record<string, number> = {}
  let t = performance.now()
  const lap = (name: string) => {
    seconds[name] = Number(((performance.now() - t) / 1000).toFixed(1))
    t = performance.now()
  }
  try {
    const planned = await host.dispatch('import.createJob', {
      plan: { project, source: { kind: 'file', path: file }, format: 'csv' },
      onExisting: 'fail',
      skip: [],
    })
    if (!planned.ok) throw new Error(planned.error.message)
    const jobId = (planned.value as { id: string }).id
    lap('validate')
    const preview = await host.dispatch('jobs.preview', { jobId, limit: 100 })
    if (!preview.ok) throw new Error(preview.error.message)
    const { counts } = preview.value as JobPreview
    if (counts.change !== MEMORY_ROWS) throw new Error(`the dry run would create ${counts.change}`)
    lap('dry_run')
    const engine = host.services.jobs
    const kind = createImportJobKind({
      filePath: () => file,
      usersOf: () => Promise.reject(new Error('no project')),
    })
    engine.register({ ...kind, kind: 'import-no-calls', apply: async () => ({ outcome: 'done' }) })
    const spec = JSON.parse(readFileSync(join(dataDir, 'jobs', jobId, 'job.json'), 'utf8')) as {
      params: unknown
    }
    const run = await engine.create({ kind: 'import-no-calls', project, params: spec.params, title: 'run' })
    await engine.start(run.id)
    const job = await engine.wait(run.id)
    if (job.counts.done !== MEMORY_ROWS || job.counts.total !== MEMORY_ROWS)
      throw new Error(`ran ${job.counts.done} of ${MEMORY_ROWS}: ${job.lastError}`)
    lap('run')
    let notDone = 0
    for await (const row of engine.reportRows(run.id)) if (row.outcome !== 'done') notDone++
    if (notDone > 0) throw new Error(`${notDone} rows not done`)
    lap('report')
    const maxRssMb = process.resourceUsage().maxRSS / 1024
    process.stdout.write(`${JSON.stringify({ maxRssMb, seconds, youngGenerationMb: YOUNG_GENERATION_MB })}\n`)
  } finally {
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** What the parent asks of a Userdeck child: one import of a file of `users` rows. */
interface ImportAsked {
  file: string
  users: number
}

/**
 * Runs in a child, kept for several imports: each file the parent sends over the IPC channel is
 * imported as a job, and its figures sent back. One process for all, as the app imports file after file.
 */
function userdeckChild(url: string, variant: Variant | null): void {
  if (variant && 'worker' in variant) {
    inWorker(['--userdeck-child', url], variant.worker, (worker) => {
      process.on('message', (asked: ImportAsked) => worker.postMessage(asked))
      worker.on('message', (run: UserdeckRun) => process.send!(run))
      process.on('disconnect', () => process.exit(0))
    })
    return
  }
  for (const flag of variant?.flags ?? []) setFlagsFromString(flag)
  // In a worker thread its parent port, else this process's IPC channel.
  const reply = (run: UserdeckRun) => (parentPort ? parentPort.postMessage(run) : process.send!(run))
  let queue = Promise.resolve()
  ;(parentPort ?? process).on('message', (asked: ImportAsked) => {
    queue = queue.then(async () => {
      reply(await userdeck(url, asked.file, undefined, asked.users))
    })
    queue.catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    })
  })
  // The parent is gone or done: nothing more will be asked.
  process.on('disconnect', () => process.exit(0))
}

/** Runs this file's `args` mode in a worker thread with a young generation of `youngMb`; this process ends with it. */
function inWorker(args: string[], youngMb: number, wire: (worker: Worker) => void = () => {}): void {
  const worker = new Worker(new URL(import.meta.url), {
    argv: args,
    resourceLimits: { maxYoungGenerationSizeMb: youngMb },
  })
  wire(worker)
  worker.on('error', (err) => {
    process.stderr.write(`${err.message}\n`)
    process.exit(1)
  })
  // process.exit in a worker (a failed import) ends the thread alone.
  worker.on('exit', (code) => process.exit(code))
}

/**
 * This file bundled as the app's code is (the CLI's bundle, Electron's main), packages left to node:
 * run through tsx, the same process held tens of MB more (20 to 56 MB in a 1,000-row run), all of it
 * the loader's and none of it the import's.
 */
async function bundleForChildren(): Promise<string> {
  const outfile = join(ROOT, 'out', 'bench', 'import.mjs')
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['bench/import.ts'],
    outfile,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    alias: { '@shared': './src/shared' },
    logLevel: 'warning',
  })
  return outfile
}

let childScript: Promise<string> | null = null

async function runChild<T>(args: string[]): Promise<T> {
  childScript ??= bundleForChildren()
  const proc = spawn(process.execPath, [...NODE_FLAGS, await childScript, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_MEMORY_ROWS: String(MEMORY_ROWS) },
  })
  let out = ''
  for await (const chunk of proc.stdout!) out += String(chunk)
  const [code] = (await once(proc, 'exit')) as [number]
  if (code !== 0) throw new Error(`the child run ${args[0]} failed`)
  return JSON.parse(out.trim().split('\n').at(-1)!) as T
}

/** A Userdeck child to ask for imports one at a time, with the IPC channel to ask over. */
async function startUserdeckChild(
  url: string,
  variant = '',
): Promise<{
  run(file: string, users: number): Promise<UserdeckRun>
  close(): void
}> {
  childScript ??= bundleForChildren()
  const proc = spawn(
    process.execPath,
    [...NODE_FLAGS, await childScript, '--userdeck-child', url, ...(variant ? [variant] : [])],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  )
  const exited = once(proc, 'exit').then(([code]) => {
    throw new Error(`the Userdeck child exited (${String(code)}) before its import ended`)
  })
  exited.catch(() => {})
  return {
    run: (file, users) => {
      proc.send({ file, users } satisfies ImportAsked)
      return Promise.race([once(proc, 'message').then(([run]) => run as UserdeckRun), exited])
    },
    close: () => proc.disconnect(),
  }
}

/** Peak RSS of a real import job over the file, into a sandbox process of its own with no latency. */
async function importPeak(
  file: string,
  variant = '',
): Promise<{ maxRssMb: number; seconds: Record<string, number>; youngGenerationMb: number | null }> {
  const sandbox = await startSandboxProcess(0)
  try {
    return await runChild(['--import-child', file, sandbox.url, ...(variant ? [variant] : [])])
  } finally {
    sandbox.child.kill()
  }
}

async function main(): Promise<Record<string, unknown>> {
  // A variant it cannot read fails here, in one line, before minutes of rounds.
  const variant = VARIANT ? variantOf(VARIANT) : null
  const dir = mkdtempSync(join(tmpdir(), 'userdeck-bench-import-files-'))
  const { url, child } = await startSandboxProcess()
  try {
    const warmups = [join(dir, 'warmup.csv'), ...(VARIANT ? [join(dir, 'warmup-variant.csv')] : [])]
    for (const [i, file] of warmups.entries()) await writeCsv(file, WARMUP_USERS, `udw${i}x`)
    const pairedCount = PAIRED_RUNS * (VARIANT ? 2 : 1)
    // The paired runs', the profiled run's, the allocation run's.
    const files = Array.from({ length: pairedCount + 2 }, (_, i) => join(dir, `users-${i + 1}.csv`))
    for (const [i, file] of files.entries()) await writeCsv(file, USERS, `ud${i + 1}x`)
    const sequentialRate = await sequential(url)
    log(`sequential node-appwrite loop: ${sequentialRate.toFixed(1)} users/s (${SEQUENTIAL_USERS} users)`)
    // The ceiling is measured before and after Userdeck's run (the machine's load drifts); the best counts.
    const ceilings: Record<string, number> = {}
    const rawCpuPerUser: number[] = []
    const measureCeiling = async (round: string) => {
      for (const c of CEILING_CONCURRENCY) {
        const { rate, cpuPerUser } = await ceilingAt(url, c, round)
        ceilings[c] = Math.max(ceilings[c] ?? 0, rate)
        rawCpuPerUser.push(cpuPerUser)
        log(
          `raw parallel HTTP at ${c} (${round}): ${rate.toFixed(1)} users/s, ${cpuPerUser.toFixed(0)} µs CPU a user`,
        )
      }
    }
    await measureCeiling('before')
    // Userdeck in a process of its own, bundled as the app is, between raw rounds of the same users at
    // the concurrency the job's limit climbs to (its cap, on a server that does not push back).
    // With a variant, its process takes turns with the app's, in the order app, variant, variant, app.
    const importers = [
      await startUserdeckChild(url),
      ...(VARIANT ? [await startUserdeckChild(url, VARIANT)] : []),
    ]
    const whose = (i: number) => (VARIANT && (i % 4 === 1 || i % 4 === 2) ? 1 : 0)
    const runs: (UserdeckRun & { variant: boolean })[] = []
    const pairedRaw: number[] = []
    const pairedRound = async (n: number) => {
      const { rate, cpuPerUser } = await ceilingAt(url, IMPORT_MAX_CONCURRENCY, `p${n}`, USERS)
      pairedRaw.push(rate)
      log(
        `raw parallel HTTP at ${IMPORT_MAX_CONCURRENCY} (paired, ${USERS} users): ${rate.toFixed(1)} users/s, ${cpuPerUser.toFixed(0)} µs CPU a user`,
      )
    }
    try {
      for (const [i, importer] of importers.entries()) await importer.run(warmups[i]!, WARMUP_USERS)
      await pairedRound(0)
      for (const [i, file] of files.slice(0, pairedCount).entries()) {
        const isVariant = whose(i) === 1
        const run = await importers[whose(i)]!.run(file, USERS)
        runs.push({ ...run, variant: isVariant })
        log(
          `Userdeck import job${isVariant ? ` (${VARIANT})` : ''}${inWorkerThread(run.youngGenerationMb)}: ${run.rate.toFixed(1)} users/s over ${USERS} users, ${run.cpuPerUser.toFixed(0)} µs CPU a user, at most ${run.concurrency} calls at once (validation before it: ${run.validateSeconds.toFixed(1)} s)`,
        )
        await pairedRound(i + 1)
      }
    } finally {
      for (const importer of importers) importer.close()
    }
    const paired = runs.map((run, i) => ({
      run,
      ratio: run.rate / ((pairedRaw[i]! + pairedRaw[i + 1]!) / 2),
    }))
    const pairedRatios = paired.filter((p) => !p.run.variant).map((p) => p.ratio)
    const variantRatios = paired.filter((p) => p.run.variant).map((p) => p.ratio)
    log(
      `Userdeck's runs against the raw rounds beside them: ${pairedRatios.map((r) => r.toFixed(3)).join(', ')}`,
    )
    if (VARIANT) log(`the same, ${VARIANT}: ${variantRatios.map((r) => r.toFixed(3)).join(', ')}`)
    const appRuns = runs.filter((run) => !run.variant)
    const ours = appRuns.reduce((best, run) => (run.rate > best.rate ? run : best))
    await measureCeiling('after')
    // An import under the profiler (which slows it, so its rate does not count): where its CPU went.
    let microseconds: Record<string, number> = {}
    await userdeck(url, files[pairedCount]!, async (run) => {
      const profiled = await profileParts(run)
      microseconds = profiled.microseconds
      return profiled.result
    })
    const byPart = Object.fromEntries(
      Object.entries(microseconds).map(([part, us]) => [part, Math.round(us / USERS)]),
    )
    log(`Userdeck's CPU a user, by part (µs, profiled run): ${JSON.stringify(byPart)}`)
    const allocByPart = await runChild<Record<string, number>>([
      '--alloc-child',
      url,
      files[pairedCount + 1]!,
    ])
    const allocPerUser = Object.values(allocByPart).reduce((a, b) => a + b, 0)
    log(`Userdeck's bytes allocated a user: ${allocPerUser}, by part: ${JSON.stringify(allocByPart)}`)
    const ceiling = Math.max(...Object.values(ceilings))
    // The issue's own measure: raw HTTP at the concurrency the job reached (the nearest one measured).
    const same = CEILING_CONCURRENCY.reduce((a, b) =>
      Math.abs(b - ours.concurrency) < Math.abs(a - ours.concurrency) ? b : a,
    )
    /** Bytes a user raw HTTP allocates at the job's concurrency, sending `headers`. */
    const rawBytesPerUser = async (round: string, headers: Record<string, string>, saveTo?: string) => {
      const { bytes } = await allocationParts(() => ceilingAt(url, same, round, ALLOC_USERS, headers), saveTo)
      return Math.round(Object.values(bytes).reduce((a, b) => a + b, 0) / ALLOC_USERS)
    }
    const rawAllocPerUser = await rawBytesPerUser('alloc', RAW_HEADERS, allocationProfileFile('raw'))
    log(`raw parallel HTTP's bytes allocated a user, at ${same}: ${rawAllocPerUser}`)
    // The same, sending node-appwrite's headers: what the SDK's headers cost undici on every call.
    const sdkHeadersAllocPerUser = await rawBytesPerUser('alloc-sdk-headers', SDK_HEADERS)
    log(`the same with node-appwrite's ${Object.keys(SDK_HEADERS).length} headers: ${sdkHeadersAllocPerUser}`)
    child.kill()
    const big = join(dir, 'million.csv')
    // One call per user: the run is over a million rows, and the labels path is measured above.
    await writeCsv(big, MEMORY_ROWS, 'm', false)
    const validatePeak = (await runChild<{ maxRssMb: number }>(['--validate-child', big])).maxRssMb
    log(`peak RSS streaming and validating ${MEMORY_ROWS} rows: ${validatePeak.toFixed(0)} MB`)
    const job = await importPeak(big)
    const peak = job.maxRssMb
    log(
      `peak RSS importing ${MEMORY_ROWS} rows as a job (validate, dry run, run, report): ${peak.toFixed(0)} MB (${JSON.stringify(job.seconds)} s)`,
    )
    // A worker variant holds its rows in a heap of its own, sized otherwise: its own peak.
    const variantJob = variant && 'worker' in variant ? await importPeak(big, VARIANT) : null
    if (variantJob)
      log(
        `the same, ${VARIANT},${inWorkerThread(variantJob.youngGenerationMb)}: ${variantJob.maxRssMb.toFixed(0)} MB`,
      )
    return {
      users: USERS,
      latency_ms: LATENCY_MS,
      userdeck_users_per_sec: Number(ours.rate.toFixed(1)),
      userdeck_runs_users_per_sec: appRuns.map((run) => Number(run.rate.toFixed(1))),
      sequential_users_per_sec: Number(sequentialRate.toFixed(1)),
      ceiling_users_per_sec: Number(ceiling.toFixed(1)),
      ceiling_by_concurrency: Object.fromEntries(
        Object.entries(ceilings).map(([k, v]) => [k, Number(v.toFixed(1))]),
      ),
      validation_seconds: Number(ours.validateSeconds.toFixed(2)),
      // This process's CPU per user created: the import job's and raw HTTP's (the least of its runs).
      userdeck_cpu_us_per_user: Math.round(ours.cpuPerUser),
      raw_cpu_us_per_user: Math.round(Math.min(...rawCpuPerUser)),
      userdeck_cpu_us_per_user_by_part: byPart,
      userdeck_alloc_bytes_per_user: allocPerUser,
      raw_alloc_bytes_per_user: rawAllocPerUser,
      raw_sdk_headers_alloc_bytes_per_user: sdkHeadersAllocPerUser,
      userdeck_alloc_bytes_per_user_by_part: allocByPart,
      userdeck_node_flags: NODE_FLAGS.join(' '),
      ratio_vs_sequential: Number((ours.rate / sequentialRate).toFixed(2)),
      // Above 1 only when the load on the machine held the raw runs back; reported as 1.
      fraction_of_ceiling: Number(Math.min(1, ours.rate / ceiling).toFixed(3)),
      userdeck_concurrency: ours.concurrency,
      fraction_of_ceiling_same_concurrency: Number(Math.min(1, ours.rate / ceilings[same]!).toFixed(3)),
      // Each run against the raw rounds beside it (unclamped: above 1 when Userdeck was the faster).
      fraction_of_ceiling_paired: Number(median(pairedRatios).toFixed(3)),
      paired_ratios: pairedRatios.map((r) => Number(r.toFixed(3))),
      paired_raw_users_per_sec: pairedRaw.map((r) => Number(r.toFixed(1))),
      raw_fraction_of_ceiling: Number((ours.rate / ceiling).toFixed(3)),
      peak_rss_mb_1m_rows: Math.round(peak),
      peak_rss_rows: MEMORY_ROWS,
      peak_rss_scope:
        'import through the engine: validate, dry run over HTTP (sandbox process, 0 ms latency), run of the import rows with no calls, streamed report',
      peak_rss_seconds: job.seconds,
      peak_rss_mb_validate_only: Math.round(validatePeak),
      ...(VARIANT
        ? {
            variant: VARIANT,
            fraction_of_ceiling_paired_variant: Number(median(variantRatios).toFixed(3)),
            paired_ratios_variant: variantRatios.map((r) => Number(r.toFixed(3))),
            ...(variantJob ? { peak_rss_mb_1m_rows_variant: Math.round(variantJob.maxRssMb) } : {}),
          }
        : {}),
    }
  } finally {
    child.kill()
    rmSync(dir, { recursive: true, force: true })
  }
}

// Every mode of this file is a process of its own that runs Userdeck: set up as the app's entry points
// (Electron main, the CLI) set up theirs.
limitHeapGrowth()
if (process.argv[2] === '--validate-child') await validateChild(process.argv[3]!)
else if (process.argv[2] === '--import-child') {
  const variant = process.argv[5] ? variantOf(process.argv[5]) : null
  if (variant && 'worker' in variant) inWorker(process.argv.slice(2, 5), variant.worker)
  else await importChild(process.argv[3]!, process.argv[4]!)
} else if (process.argv[2] === '--userdeck-child')
  userdeckChild(process.argv[3]!, process.argv[4] ? variantOf(process.argv[4]) : null)
else if (process.argv[2] === '--alloc-child') await allocationChild(process.argv[3]!, process.argv[4]!)
else runBench('bench:import', main)
