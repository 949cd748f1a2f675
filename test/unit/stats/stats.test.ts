import { describe, expect, it } from 'vitest'
import type { JobView } from '@shared/models/jobs'
import type { RunningSandbox } from '../../../src/sandbox'
import { call, hostWithSandbox } from '../jobs/harness'
import { tempDir } from '../helpers/temp-dir'

/** The figures computed straight from the sandbox's store, the judge of what Userdeck counts. */
function fromStore(sandbox: RunningSandbox) {
  const users = [...sandbox.store.users.values()]
  const labels = new Map<string, number>()
  for (const u of users) for (const l of u.labels) labels.set(l, (labels.get(l) ?? 0) + 1)
  const days = new Map<string, number>()
  for (const u of users)
    days.set(u.registration.slice(0, 10), (days.get(u.registration.slice(0, 10)) ?? 0) + 1)
  return {
    users: users.length,
    blocked: users.filter((u) => !u.status).length,
    unverified: users.filter((u) => !u.emailVerification && !u.phoneVerification).length,
    anonymous: users.filter((u) => !u.email && !u.phone).length,
    mfa: users.filter((u) => u.mfa).length,
    labelled: users.filter((u) => u.labels.length > 0).length,
    labels: Object.fromEntries(labels),
    registrations: Object.fromEntries(days),
  }
}

describe('stats: a project at a glance, counted right', () => {
  for (const [seed, method] of [
    [1200, 'total'],
    [100_000, 'scan'],
  ] as const)
    it(
      `${seed.toLocaleString()} users: every figure equals the store's (${method})`,
      { timeout: 300_000 },
      async () => {
        const bench = await hostWithSandbox({ dataDir: tempDir(), seed })
        const read: number[] = []
        bench.host.events.subscribe((event, payload) => {
          const p = payload as { project: string; users: number }
          if (event === 'stats.progress' && p.project === bench.project) read.push(p.users)
        })
        try {
          const stats = await call(bench.host, 'stats.project', { project: bench.project })
          // The pass told how far it had got: the first page at once, then more, never past the end.
          expect(read[0]).toBe(Math.min(1000, seed))
          expect(read).toEqual([...new Set(read)].sort((a, b) => a - b))
          expect(read.at(-1)).toBeLessThanOrEqual(seed)
          const want = fromStore(bench.sandbox)
          expect(stats.method).toBe(method)
          expect({
            users: stats.users,
            blocked: stats.blocked,
            unverified: stats.unverified,
            anonymous: stats.anonymous,
            mfa: stats.mfa,
            labelled: stats.labelled,
            labels: Object.fromEntries(stats.labels.map((l) => [l.label, l.users])),
            registrations: Object.fromEntries(stats.registrations.map((r) => [r.day, r.users])),
          }).toEqual(want)
          // Cached with its time until refreshed.
          const again = await call(bench.host, 'stats.project', { project: bench.project })
          expect(again.countedAt).toBe(stats.countedAt)
        } finally {
          await bench.close()
        }
      },
    )
})

describe("stats: counted again after Userdeck's own jobs, from the cache otherwise", () => {
  it('a block, a lock-out and a delete each make the next read count again', async () => {
    const bench = await hostWithSandbox({ dataDir: tempDir(), seed: 60 })
    try {
      const stats = () => call(bench.host, 'stats.project', { project: bench.project })
      const active = () => [...bench.sandbox.store.users.values()].filter((u) => u.status).map((u) => u.$id)
      const run = async (job: Promise<JobView>) => {
        const { id } = await job
        await call(bench.host, 'jobs.start', { jobId: id })
        await bench.host.services.jobs.wait(id)
        return id
      }
      const first = await stats()
      // Someone else's change is not seen until a refresh: the figure is the cached one.
      await bench.sandbox.store.putUser({ ...bench.sandbox.store.getUser(active()[0]!)!, status: false })
      expect((await stats()).blocked).toBe(first.blocked)
      const fresh = await call(bench.host, 'stats.project', { project: bench.project, refresh: true })
      expect(fresh.blocked).toBe(first.blocked + 1)

      await run(
        call(bench.host, 'users.bulkChange', {
          project: bench.project,
          selection: { ids: active().slice(0, 2) },
          change: 'block',
        }),
      )
      expect((await stats()).blocked).toBe(fresh.blocked + 2)
      await run(
        call(bench.host, 'sessions.lockOut', {
          project: bench.project,
          selection: { ids: active().slice(0, 3) },
        }),
      )
      expect((await stats()).blocked).toBe(fresh.blocked + 5)
      await run(
        call(bench.host, 'users.bulkDelete', {
          project: bench.project,
          selection: { ids: active().slice(0, 4) },
          withoutRestoreCopy: true,
        }),
      )
      expect((await stats()).users).toBe(60 - 4)
    } finally {
      await bench.close()
    }
  })
})

describe('stats: the users list looks up the last count, and never starts one', () => {
  it('none before a count; the count’s users and time after it; none once a job of Userdeck’s changed them', async () => {
    const bench = await hostWithSandbox({ dataDir: tempDir(), seed: 60 })
    let listCalls = 0
    // A hold that holds nothing: its matcher sees every request.
    bench.sandbox.hold({
      match: ({ method, path }) => {
        if (method === 'GET' && path.endsWith('/users')) listCalls++
        return false
      },
    })
    try {
      const counted = () => call(bench.host, 'stats.counted', { project: bench.project })
      expect(await counted()).toBeNull()
      expect(listCalls).toBe(0)

      const stats = await call(bench.host, 'stats.project', { project: bench.project })
      const afterCount = listCalls
      expect(await counted()).toEqual({ users: 60, countedAt: stats.countedAt })
      expect(listCalls).toBe(afterCount)

      const { id } = await call(bench.host, 'users.bulkDelete', {
        project: bench.project,
        selection: { ids: [[...bench.sandbox.store.users.keys()][0]!] },
        withoutRestoreCopy: true,
      })
      await call(bench.host, 'jobs.start', { jobId: id })
      await bench.host.services.jobs.wait(id)
      expect(await counted()).toBeNull()
    } finally {
      await bench.close()
    }
  })
})
