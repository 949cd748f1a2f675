/**
 * Time to count a project's users with Userdeck's stats against paging the same list with node-appwrite
 * directly, in the same run, against one sandbox of 100,000 users with 20 ms injected latency:
 *   - Userdeck: `stats.project` through the host, counting again (no cache): every key figure, the
 *     labels and the registrations per day;
 *   - direct: a node-appwrite loop paging every user with the same page size (Appwrite's `total`
 *     left on, as node-appwrite sends it) and counting the same six figures as it goes;
 *   - cached: `stats.project` again, answered from the host's cache.
 * Both counts are checked against the sandbox's store first: a fast wrong count is no figure.
 * Last line: {"stats_ms": …, "direct_paging_ms": …, "stats_vs_direct": …, "cached_ms": …,
 *   "users": …, "method": …, "latency_ms": …}
 * (`stats_vs_direct` below 1: Userdeck was faster). Env: BENCH_STATS_USERS to change the size;
 * BENCH_TINY=1 for a few hundred users.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Query, Users, type Models } from 'node-appwrite'
import { createHost } from '../src/host/host'
import { MemorySecretStore } from '../src/host/projects/secret-store'
import { SCAN_PAGE, countUser, noUsersCounted, type UserCounts } from '../src/host/stats'
import { startSandbox, type RunningSandbox } from '../src/sandbox'
import type { ProjectStats } from '../src/shared/models/stats'
import { log, runBench, sized } from './run-bench'

const LATENCY_MS = 20
const USERS = Number(process.env.BENCH_STATS_USERS ?? sized(100_000, 300))
const KEY = 'bench_stats_key_0123456789'
const PROJECT = 'benchstats'

type Counts = UserCounts

function fromStore(sandbox: RunningSandbox): Counts {
  const users = [...sandbox.store.users.values()]
  return {
    users: users.length,
    blocked: users.filter((u) => !u.status).length,
    unverified: users.filter((u) => !u.emailVerification && !u.phoneVerification).length,
    anonymous: users.filter((u) => !u.email && !u.phone).length,
    mfa: users.filter((u) => u.mfa).length,
    labelled: users.filter((u) => u.labels.length > 0).length,
  }
}

/** What a careful script does: page through every user with node-appwrite and count as it goes. */
async function directCount(sandbox: RunningSandbox): Promise<Counts> {
  const users = new Users(new Client().setEndpoint(sandbox.url).setProject(PROJECT).setKey(KEY))
  const out = noUsersCounted()
  let cursor: string | null = null
  for (;;) {
    const page: Models.UserList<Models.Preferences> = await users.list({
      queries: [Query.limit(SCAN_PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])],
    })
    for (const u of page.users) countUser(out, u)
    if (page.users.length < SCAN_PAGE) return out
    cursor = page.users.at(-1)!.$id
  }
}

function same(what: string, got: Counts, want: Counts): void {
  for (const key of Object.keys(want) as (keyof Counts)[])
    if (got[key] !== want[key])
      throw new Error(`${what} counted ${key} ${got[key]}, the store holds ${want[key]}`)
}

const timed = async <T>(work: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now()
  const value = await work()
  return [value, Math.round(performance.now() - started)]
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'userdeck-bench-stats-'))
  const host = await createHost({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
  log(`seeding ${USERS.toLocaleString()} users…`)
  const sandbox = await startSandbox({ port: 0, projectId: PROJECT, apiKey: KEY, seed: USERS, quiet: true })
  try {
    const added = await host.dispatch('projects.add', {
      name: PROJECT,
      endpoint: sandbox.url,
      projectId: PROJECT,
      key: KEY,
    })
    if (!added.ok) throw new Error(added.error.message)
    const project = (added.value as { id: string }).id
    const want = fromStore(sandbox)
    sandbox.setFaults({ latencyMs: LATENCY_MS })

    const stats = async (refresh: boolean) => {
      const r = await host.dispatch('stats.project', { project, refresh })
      if (!r.ok) throw new Error(r.error.message)
      return r.value as ProjectStats
    }
    // Userdeck first, then the direct loop: any warming of the sandbox favours the baseline.
    const [counted, statsMs] = await timed(() => stats(true))
    same('Userdeck', counted, want)
    log(`Userdeck stats: ${statsMs} ms (${counted.method})`)
    const [direct, directMs] = await timed(() => directCount(sandbox))
    same('node-appwrite paging', direct, want)
    log(`node-appwrite paging: ${directMs} ms`)
    const [, cachedMs] = await timed(() => stats(false))
    log(`Userdeck stats from its cache: ${cachedMs} ms`)

    return {
      stats_ms: statsMs,
      direct_paging_ms: directMs,
      stats_vs_direct: Math.round((statsMs / directMs) * 100) / 100,
      cached_ms: cachedMs,
      users: want.users,
      method: counted.method,
      latency_ms: LATENCY_MS,
    }
  } finally {
    await sandbox.close()
    await host.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

runBench('bench:stats', main)
