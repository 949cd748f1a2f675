import { afterAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAppwriteClients, retryAfterMs } from '../../../src/host/appwrite/client'
import { toAppError } from '../../../src/host/appwrite/errors'
import { startSandbox } from '../../../src/sandbox'

const servers: Server[] = []
afterAll(() => servers.forEach((s) => s.close()))

async function failingServer(headers: Record<string, string>): Promise<string> {
  const server = createServer((_req, res) => {
    res.writeHead(429, { 'content-type': 'application/json', ...headers })
    res.end(
      JSON.stringify({
        message: 'Rate limit for the current endpoint has been exceeded.',
        code: 429,
        type: 'general_rate_limit_exceeded',
        version: '1.9.6',
      }),
    )
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
}

async function errorFrom(endpoint: string) {
  const { users } = createAppwriteClients({ endpoint, projectId: 'p', key: 'k' })
  return toAppError(
    await users.list().then(
      () => null,
      (e: unknown) => e,
    ),
  )
}

describe("Appwrite's Retry-After reaches the error the job engine paces by", () => {
  it('in seconds', async () => {
    expect(await errorFrom(await failingServer({ 'retry-after': '3' }))).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 3000,
    })
  })

  it('as an HTTP date, capped at a minute', async () => {
    const error = await errorFrom(
      await failingServer({ 'retry-after': new Date(Date.now() + 3_600_000).toUTCString() }),
    )
    expect(error.retryAfterMs).toBe(60_000)
  })

  it('absent when the server sends none, so the engine falls back to its own wait', async () => {
    const error = await errorFrom(await failingServer({}))
    expect(error.code).toBe('rate_limited')
    expect(error.retryAfterMs).toBeUndefined()
  })

  it("from Appwrite's X-RateLimit-Reset when there is no Retry-After", async () => {
    const reset = Math.floor(Date.now() / 1000) + 5
    const error = await errorFrom(await failingServer({ 'x-ratelimit-reset': String(reset) }))
    expect(error.retryAfterMs).toBeGreaterThan(3000)
    expect(error.retryAfterMs).toBeLessThanOrEqual(5000)
    const both = await errorFrom(
      await failingServer({ 'retry-after': '2', 'x-ratelimit-reset': String(reset) }),
    )
    expect(both.retryAfterMs).toBe(2000)
    const past = await errorFrom(await failingServer({ 'x-ratelimit-reset': String(reset - 60) }))
    expect(past.retryAfterMs).toBeUndefined()
  })

  it("from the sandbox's rate limiter, with concurrent calls each keeping their own", async () => {
    // The clock stands still: all twelve calls fall in one one-second window however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00.250Z') })
    const sandbox = await startSandbox({
      projectId: 'p',
      apiKey: 'k',
      seed: 3,
      quiet: true,
      faults: { rateLimitPerSec: 2 },
    })
    try {
      const { users } = createAppwriteClients({ endpoint: sandbox.url, projectId: 'p', key: 'k' })
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, () =>
          users.list().then(
            () => null,
            (e: unknown) => toAppError(e),
          ),
        ),
      )
      const limited = outcomes.filter((e) => e?.code === 'rate_limited')
      expect(limited).toHaveLength(10)
      // The sandbox answers as Appwrite does, with the end of its window (00:00:01), 750 ms away.
      for (const e of limited) expect(e!.retryAfterMs).toBe(750)
      expect(outcomes.filter((e) => e === null)).toHaveLength(2)
    } finally {
      vi.useRealTimers()
      await sandbox.close()
    }
  })

  it('parses what it is given and nothing else', () => {
    expect(retryAfterMs(null)).toBeNull()
    expect(retryAfterMs('soon')).toBeNull()
    expect(retryAfterMs('-5')).toBeNull()
    expect(retryAfterMs('0.5')).toBe(500)
  })
})
