import { describe, expect, it } from 'vitest'
import { AppErrorException, appError } from '@shared/errors'
import {
  AdaptiveLimiter,
  CONCURRENCY_MAX,
  CONCURRENCY_START,
  INTERACTIVE_ATTEMPTS,
  MAX_ATTEMPTS,
  retrying,
  startingLimit,
} from '../../../src/host/jobs/pacing'

describe('retrying', () => {
  it('does not retry a 4xx that would fail again', async () => {
    let calls = 0
    await expect(
      retrying(async () => {
        calls++
        throw new AppErrorException(appError('not_found', 'No such user.'))
      }),
    ).rejects.toThrow('No such user.')
    expect(calls).toBe(1)
  })

  it('retries 5xx and dropped connections until one answers', async () => {
    let calls = 0
    const value = await retrying(async () => {
      calls++
      if (calls < 3)
        throw new AppErrorException(appError(calls === 1 ? 'server_error' : 'unreachable', 'flaky'))
      return 'ok'
    })
    expect(value).toBe('ok')
    expect(calls).toBe(3)
  })

  it('gives up after MAX_ATTEMPTS and says why', async () => {
    let calls = 0
    await expect(
      retrying(
        async () => {
          calls++
          throw new AppErrorException(appError('server_error', 'The server failed (503).'))
        },
        { backoff: () => 1 },
      ),
    ).rejects.toThrow('503')
    expect(calls).toBe(MAX_ATTEMPTS)
  })

  it('gives up sooner for a read someone is waiting on, as many tries as it is told', async () => {
    let calls = 0
    await expect(
      retrying(
        async () => {
          calls++
          throw new AppErrorException(appError('unreachable', 'Could not reach the endpoint.'))
        },
        { attempts: INTERACTIVE_ATTEMPTS, backoff: () => 1 },
      ),
    ).rejects.toThrow('Could not reach')
    expect(calls).toBe(INTERACTIVE_ATTEMPTS)
    expect(INTERACTIVE_ATTEMPTS).toBeLessThan(MAX_ATTEMPTS)
  })

  it("after a 429, tries again only once the server's window has passed", async () => {
    const tried: number[] = []
    const value = await retrying(
      async () => {
        tried.push(performance.now())
        if (tried.length === 1)
          throw new AppErrorException(appError('rate_limited', 'Too many requests.', { retryAfterMs: 300 }))
        return 'ok'
      },
      { backoff: () => 1 },
    )
    expect(value).toBe('ok')
    // The backoff alone would have tried again after 1 ms.
    expect(tried[1]! - tried[0]!).toBeGreaterThanOrEqual(299)
  })

  it('stops waiting when the job is cancelled', async () => {
    const abort = new AbortController()
    let calls = 0
    const run = retrying(
      async () => {
        calls++
        abort.abort()
        throw new AppErrorException(appError('server_error', 'down'))
      },
      { signal: abort.signal, onStop: () => new Error('stopped') },
    )
    await expect(run).rejects.toThrow('stopped')
    expect(calls).toBe(1)
  })
})

describe('AdaptiveLimiter', () => {
  it('in slow start, doubles each round of successes, up to the maximum', () => {
    const limiter = new AdaptiveLimiter()
    expect(limiter.limit).toBe(CONCURRENCY_START)
    for (let i = 0; i < CONCURRENCY_START; i++) limiter.success()
    expect(limiter.limit).toBe(2 * CONCURRENCY_START)
    for (let i = 0; i < 2 * CONCURRENCY_START; i++) limiter.success()
    expect(limiter.limit).toBe(4 * CONCURRENCY_START)
    for (let i = 0; i < 5000; i++) limiter.success()
    expect(limiter.limit).toBe(CONCURRENCY_MAX)
  })

  it('starts slow start at an eighth of the cap, never under 8 nor over the cap', () => {
    expect(startingLimit(512)).toBe(64)
    expect(startingLimit(CONCURRENCY_MAX)).toBe(CONCURRENCY_START)
    expect(startingLimit(4)).toBe(4)
  })

  it('after the first sign of strain, grows by one slot per full round of successes', () => {
    const limiter = new AdaptiveLimiter(32, 64)
    limiter.failure(appError('timeout', 'The server did not answer in time.'))
    expect(limiter.limit).toBe(16)
    // Each success adds 1/limit, so a round of 16 adds a little under one slot; 17 add one.
    for (let i = 0; i < 16; i++) limiter.success()
    expect(limiter.limit).toBe(16)
    limiter.success()
    expect(limiter.limit).toBe(17)
  })

  it('halves on a 5xx or 429 once per burst, and ignores 4xx', () => {
    const limiter = new AdaptiveLimiter(32)
    limiter.failure(appError('not_found', 'x'))
    expect(limiter.limit).toBe(32)
    limiter.failure(appError('server_error', 'x'))
    limiter.failure(appError('server_error', 'x'))
    expect(limiter.limit).toBe(16)
  })

  it('after a 429 halves the limit, a waiting call goes only when there is room', async () => {
    const limiter = new AdaptiveLimiter(2, 2)
    await limiter.acquire()
    await limiter.acquire()
    let third = false
    const pending = limiter.acquire().then(() => (third = true))
    await Promise.resolve()
    expect(third).toBe(false)
    limiter.failure(appError('rate_limited', 'slow down', { retryAfterMs: 50 }))
    // Halved to one slot: the waiting call goes only when both running calls are done.
    limiter.release()
    await Promise.resolve()
    expect(third).toBe(false)
    limiter.release()
    await pending
    expect(third).toBe(true)
  })
})
