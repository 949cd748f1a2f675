import { AppwriteException, ID } from 'node-appwrite'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { holdFromEnv } from '../../../src/sandbox/faults'
import { raw, sandbox, usersFor } from './helpers'

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
  await users.create({ userId: 'f1', email: 'f1@example.com' })
})
beforeEach(() => sb.setFaults({}))
afterEach(() => vi.useRealTimers())
afterAll(() => sb.close())

describe('fault injection', () => {
  it('adds latency', async () => {
    sb.setFaults({ latencyMs: 150 })
    const started = performance.now()
    await users.get('f1')
    expect(performance.now() - started).toBeGreaterThanOrEqual(140)
  })

  it('answers real 5xx errors', async () => {
    sb.setFaults({ failRate: 1 })
    const error = (await users.get('f1').catch((e: unknown) => e)) as AppwriteException
    expect(error).toBeInstanceOf(AppwriteException)
    expect([500, 502, 503]).toContain(error.code)
    expect(['general_unknown', 'general_server_error']).toContain(error.type)
    sb.setFaults({})
    expect((await users.get('f1')).$id).toBe('f1')
  })

  it("rate-limits with 429 and Appwrite's X-RateLimit headers, not Retry-After", async () => {
    // The clock stands still, so the whole burst falls in one of the limiter's one-second windows
    // however slowly the machine sends it.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00.250Z') })
    sb.setFaults({ rateLimitPerSec: 1 })
    const responses = await Promise.all(Array.from({ length: 8 }, () => raw(sb, '/users/f1')))
    const limited = responses.filter((r) => r.status === 429)
    expect(limited).toHaveLength(7)
    const first = limited[0]!
    expect(first.headers.get('retry-after')).toBeNull()
    expect(first.headers.get('x-ratelimit-limit')).toBe('1')
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0')
    // The end of the window, in epoch seconds.
    expect(first.headers.get('x-ratelimit-reset')).toBe(String(Date.UTC(2026, 0, 1, 0, 0, 1) / 1000))
    expect(await first.json()).toMatchObject({
      code: 429,
      type: 'general_rate_limit_exceeded',
      version: '1.9.6',
    })
  })

  it('drops connections before and after processing', async () => {
    sb.setFaults({ dropRate: 1 })
    const ids = Array.from({ length: 24 }, () => ID.unique())
    const results = await Promise.allSettled(ids.map((id) => users.create({ userId: id })))
    expect(results.every((r) => r.status === 'rejected')).toBe(true)
    const written = ids.filter((id) => sb.store.getUser(id))
    // Each request is dropped before or after the write at random: both must happen.
    expect(written.length).toBeGreaterThan(0)
    expect(written.length).toBeLessThan(ids.length)
  })

  it('serves an HTML error page', async () => {
    sb.setFaults({ htmlRate: 1 })
    const response = await raw(sb, '/users/f1')
    expect(response.status).toBe(502)
    expect(response.headers.get('content-type')).toContain('text/html')
    const error = (await users.get('f1').catch((e: unknown) => e)) as AppwriteException
    expect(error.code).toBe(502)
    expect(error.message).toContain('<html>')
  })

  it('truncates JSON bodies', async () => {
    sb.setFaults({ truncateRate: 1 })
    const text = await (await raw(sb, '/users/f1')).text()
    expect(() => JSON.parse(text)).toThrow()
    await expect(users.get('f1')).rejects.toThrow()
  })

  it('sends JSON with the wrong content type', async () => {
    sb.setFaults({ wrongContentTypeRate: 1 })
    const response = await raw(sb, '/users/f1')
    expect(response.headers.get('content-type')).toContain('text/plain')
    const result = (await users.get('f1')) as unknown as { message: string }
    expect(JSON.parse(result.message)).toMatchObject({ $id: 'f1' })
  })

  it('sends huge responses', async () => {
    sb.setFaults({ hugeRate: 1 })
    const body = await (await raw(sb, '/users/f1')).arrayBuffer()
    expect(body.byteLength).toBeGreaterThan(20 * 1024 * 1024)
  })

  it('drips responses slowly', async () => {
    sb.setFaults({ dripRate: 1 })
    const started = performance.now()
    expect((await users.get('f1')).$id).toBe('f1')
    expect(performance.now() - started).toBeGreaterThan(2000)
  })
})

describe('holding requests open', () => {
  it('lets the first N matching requests through and holds the rest unprocessed until released', async () => {
    const hold = sb.hold({ after: 2, match: ({ method }) => method === 'POST' })
    const ids = ['h1', 'h2', 'h3', 'h4']
    const created = ids.map((id) => users.create({ userId: id }))
    await hold.reached(2)
    expect(hold.waiting).toBe(2)
    // Requests the hold does not match go straight through.
    expect((await users.get('f1')).$id).toBe('f1')
    const written = () => ids.filter((id) => sb.store.getUser(id)).length
    expect(written()).toBe(2)
    hold.release()
    await Promise.all(created)
    expect(written()).toBe(4)
    // Released for good: later requests pass.
    expect((await users.create({ userId: 'h5' })).$id).toBe('h5')
  })

  it('ends held requests without an answer or a write when the server closes', async () => {
    const own = await sandbox()
    const hold = own.hold()
    const create = usersFor(own).create({ userId: 'never' })
    await hold.reached()
    await own.close()
    await expect(create).rejects.toThrow()
    expect(own.store.getUser('never')).toBeUndefined()
  })

  it('reads USERDECK_SANDBOX_HOLD_AFTER, the hold a Userdeck child process gives its sandboxes', () => {
    expect(holdFromEnv({})).toBeNull()
    const hold = holdFromEnv({ USERDECK_SANDBOX_HOLD_AFTER: '1' })!
    expect(hold.enter('POST', '/v1/users')).toBeNull()
    expect(hold.enter('GET', '/v1/users')).toBeNull()
    expect(hold.enter('PUT', '/v1/users/u1/labels')).toBeInstanceOf(Promise)
    expect(hold.waiting).toBe(1)
    hold.drop()
    expect(() => holdFromEnv({ USERDECK_SANDBOX_HOLD_AFTER: 'soon' })).toThrow(
      /USERDECK_SANDBOX_HOLD_AFTER must be a whole number/,
    )
  })
})

describe('a server that goes away and comes back', () => {
  it('refuses connections while stopped, ends held requests unanswered, and answers again on the same port with its state', async () => {
    const own = await sandbox()
    try {
      const ownUsers = usersFor(own)
      await ownUsers.create({ userId: 'kept' })
      const hold = own.hold()
      const held = ownUsers.create({ userId: 'held' })
      await hold.reached()
      await own.stop()
      const cause = (err: unknown) => (err as { cause?: { code?: string } }).cause?.code
      await expect(held).rejects.toThrow()
      expect(own.store.getUser('held')).toBeUndefined()
      const refused = await ownUsers.get('kept').catch((e: unknown) => e)
      expect(cause(refused)).toBe('ECONNREFUSED')
      await own.start()
      expect((await ownUsers.get('kept')).$id).toBe('kept')
      expect(own.url).toBe(`http://127.0.0.1:${own.port}/v1`)
    } finally {
      await own.close()
    }
  })
})

describe('several sandboxes in one process', () => {
  it('keeps projects independent', async () => {
    const many = await Promise.all(
      Array.from({ length: 8 }, (_, i) => sandbox({ projectId: `p${i}`, seed: 20 + i })),
    )
    try {
      const totals = await Promise.all(many.map((s) => usersFor(s, undefined, s.projectId).list()))
      expect(totals.map((t) => t.total)).toEqual([20, 21, 22, 23, 24, 25, 26, 27])
      await usersFor(many[0]!, undefined, 'p0').create({ userId: 'only-in-p0' })
      expect(many[1]!.store.getUser('only-in-p0')).toBeUndefined()
      many[2]!.setFaults({ failRate: 1 })
      await expect(usersFor(many[2]!, undefined, 'p2').list()).rejects.toThrow()
      expect((await usersFor(many[3]!, undefined, 'p3').list()).total).toBe(23)
    } finally {
      await Promise.all(many.map((s) => s.close()))
    }
  })
})
