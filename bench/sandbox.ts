/**
 * Sandbox throughput: user creates per second with a pre-hashed password (the server never hashes),
 * and the latency of a searched list over 100,000 seeded users, both through node-appwrite over HTTP.
 * The server runs in its own process (the CLI) so that client and server each get a core.
 * `BENCH_TINY=1`: a few hundred users, figures meaningless.
 * Last line: {"creates_per_sec_prehashed": …, "creates_per_sec_prehashed_durable": …,
 *   "creates_per_sec_sequential_baseline": …, "search_ms_100k": …, "search_p95_ms_100k": …}
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Query, Users } from 'node-appwrite'
import { log, median, runBench, sized } from './run-bench'

const ROOT = join(import.meta.dirname, '..')
// One process (node with tsx's loader), so signals hit the server itself rather than a tsx wrapper.
const NODE_ARGS = ['--import', 'tsx']
const BCRYPT = '$2b$10$dxMhSaNGK4Cuhz/OjYi78ee8AAYKp7j61Zd4SwgIsA.JxzpGqBW.u'
const CREATES = sized(6000, 200)
const SEQUENTIAL = sized(500, 20)
const WARM_UP = sized(300, 20)
const CONCURRENCY = 64
const SEARCHED = sized(100_000, 2_000)

function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...NODE_ARGS, 'src/sandbox/cli.ts', '--port', '0', '--project', 'bench', '--key', 'bench', ...args],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const m = /listening (\S+)/.exec(out)
      if (m?.[1]) resolve({ child, url: m[1] })
    })
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)))
  })
}

async function stop(child: ChildProcess): Promise<void> {
  const done = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await done
}

const usersAt = (url: string) => new Users(new Client().setEndpoint(url).setProject('bench').setKey('bench'))

async function createMany(users: Users, prefix: string, count: number, concurrency: number): Promise<number> {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++
        await users.createBcryptUser(
          `${prefix}${i}`,
          `${prefix}${i}@bench.example`,
          BCRYPT,
          `Bench User ${i}`,
        )
      }
    }),
  )
  return count / ((performance.now() - started) / 1000)
}

async function measureCreates(
  args: string[],
  label: string,
): Promise<{ parallel: number; sequential: number }> {
  const { child, url } = await startCli(args)
  try {
    const users = usersAt(url)
    await createMany(users, 'warm', WARM_UP, CONCURRENCY)
    const sequential = await createMany(users, 'seq', SEQUENTIAL, 1)
    const parallel = await createMany(users, 'par', CREATES, CONCURRENCY)
    log(
      `${label}: ${parallel.toFixed(0)} creates/s with ${CONCURRENCY} in flight, ${sequential.toFixed(0)}/s sequential (×${(parallel / sequential).toFixed(1)})`,
    )
    return { parallel, sequential }
  } finally {
    await stop(child)
  }
}

async function measureSearch(): Promise<{ median: number; p95: number; unsearchedMedian: number }> {
  const seededAt = performance.now()
  const { child, url } = await startCli(['--seed', String(SEARCHED)])
  log(
    `seeded ${SEARCHED} users in ${((performance.now() - seededAt) / 1000).toFixed(1)} s (incl. process start)`,
  )
  try {
    const users = usersAt(url)
    const terms = [
      'smith',
      'olivia',
      'gmail',
      'nakamura',
      'ravi patel',
      '"grace kim"',
      '+1555000',
      'zz-no-match',
    ]
    for (const term of terms) await users.list([Query.limit(25)], term)
    const times: number[] = []
    for (let round = 0; round < 5; round++) {
      for (const term of terms) {
        const started = performance.now()
        await users.list([Query.limit(25)], term)
        times.push(performance.now() - started)
      }
    }
    const plain: number[] = []
    for (let i = 0; i < 20; i++) {
      const started = performance.now()
      await users.list([Query.limit(25), Query.offset(i * Math.floor(SEARCHED / 100))])
      plain.push(performance.now() - started)
    }
    const sorted = [...times].sort((a, b) => a - b)
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN
    log(
      `search over ${SEARCHED}: median ${median(times).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; unsearched page median ${median(plain).toFixed(1)} ms`,
    )
    return { median: median(times), p95, unsearchedMedian: median(plain) }
  } finally {
    await stop(child)
  }
}

runBench('bench:sandbox', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sandbox-bench-'))
  try {
    const memory = await measureCreates([], 'in memory')
    const durable = await measureCreates(['--data', dataDir], 'durable (--data, fsync group commit)')
    const search = await measureSearch()
    return {
      creates_per_sec_prehashed: Math.round(memory.parallel),
      creates_per_sec_prehashed_durable: Math.round(durable.parallel),
      creates_per_sec_sequential_baseline: Math.round(memory.sequential),
      search_ms_100k: Number(search.median.toFixed(1)),
      search_p95_ms_100k: Number(search.p95.toFixed(1)),
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true })
  }
})
