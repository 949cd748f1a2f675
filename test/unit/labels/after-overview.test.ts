import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, hostWithSandbox, type Bench } from '../jobs/harness'
import { tempDir } from '../helpers/temp-dir'

/** Labels after the Overview: the count it has just made is taken, not made again, unless a write touched a label. */
describe('the label overview right after the Overview counted', () => {
  let b: Bench
  /** Users list calls the sandbox has answered: each page of a scan is one. */
  let listCalls = 0
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 2500 })
    // A hold that holds nothing: its matcher sees every request.
    b.sandbox.hold({
      match: ({ method, path }) => {
        if (method === 'GET' && path.endsWith('/users')) listCalls++
        return false
      },
    })
  })
  afterAll(() => b.close())

  it('takes the Overview’s count of labels, read afresh only after a label changed', async () => {
    const stats = await call(b.host, 'stats.project', { project: b.project })
    const afterStats = listCalls
    const overview = await call(b.host, 'labels.overview', { project: b.project })
    // No user was read again, and the counts are the Overview's, over every user it read.
    expect(listCalls).toBe(afterStats)
    expect(overview.labels).toEqual(stats.labels)
    expect(overview.scannedUsers).toBe(2500)
    expect(overview.scannedAt).toBe(stats.countedAt)

    // One user's labels change: the Overview's count predates it, so the users are read again.
    const [someone] = [...b.sandbox.store.users.values()]
    await call(b.host, 'users.update', {
      project: b.project,
      userId: someone!.$id,
      change: { labels: [...someone!.labels, 'justnow'] },
    })
    const again = await call(b.host, 'labels.overview', { project: b.project })
    expect(listCalls).toBeGreaterThan(afterStats)
    expect(again.labels.find((l) => l.label === 'justnow')?.users).toBe(1)
  })

  it('reads every user when asked to count again, whatever the Overview counted', async () => {
    await call(b.host, 'stats.project', { project: b.project, refresh: true })
    const before = listCalls
    await call(b.host, 'labels.overview', { project: b.project, refresh: true })
    expect(listCalls).toBeGreaterThan(before)
  })
})

describe('the label overview while the Overview is still counting', () => {
  let b: Bench
  beforeAll(async () => {
    b = await hostWithSandbox({ dataDir: tempDir(), seed: 2500 })
  })
  afterAll(() => b.close())

  it('waits for the Overview’s count under way rather than read every user again beside it', async () => {
    let listCalls = 0
    const counted = ({ method, path }: { method: string; path: string }) => {
      const list = method === 'GET' && path.endsWith('/users')
      if (list) listCalls++
      return list
    }
    const countOnly = () => b.sandbox.hold({ match: (request) => (counted(request), false) })
    // A count, stopped at the server part-way through its pages, and the overview asked meanwhile.
    const hold = b.sandbox.hold({ after: 2, match: counted })
    const stats = call(b.host, 'stats.project', { project: b.project })
    await hold.reached()
    const overview = call(b.host, 'labels.overview', { project: b.project })
    countOnly()
    const [counts, labels] = await Promise.all([stats, overview])
    const both = listCalls

    // What one count of every user asks of the server, alone.
    listCalls = 0
    await call(b.host, 'stats.project', { project: b.project, refresh: true })
    // The same calls: the overview read no user of its own.
    expect(both).toBe(listCalls)
    expect(labels.scannedAt).toBe(counts.countedAt)
    expect(labels.labels).toEqual(counts.labels)
    expect(labels.scannedUsers).toBe(2500)
  })
})
