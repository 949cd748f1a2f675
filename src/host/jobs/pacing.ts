import { AppErrorException, type AppError } from '@shared/errors'
import { toAppError } from '../appwrite/errors'

export const CONCURRENCY_START = 8
export const CONCURRENCY_MAX = 32

/**
 * Where a job's slow start begins: an eighth of its cap, so three doublings reach the cap, and never
 * under CONCURRENCY_START (nor over the cap). From 8, an import's cap of 512 took six round trips,
 * about the first 0.6 s of a 4 s, 20,000-user import.
 */
export function startingLimit(cap: number): number {
  return Math.min(cap, Math.max(CONCURRENCY_START, Math.floor(cap / 8)))
}

/** Failures that say the server is overloaded or limiting: the limiter backs off on these. */
const strain = new Set<AppError['code']>(['rate_limited', 'server_error', 'timeout'])
/** When Appwrite says 429 without a usable Retry-After: its abuse windows are one second long. */
const RATE_LIMIT_WAIT_MS = 1000

/** How long a 429 says to wait: until the server's window passes, jittered so waiting calls spread out. */
function rateLimitWaitMs(error: AppError): number {
  return (error.retryAfterMs ?? RATE_LIMIT_WAIT_MS) + Math.random() * 200
}

/**
 * TCP's congestion control, for calls: shared by every row of a job, the limit starts low and, in slow
 * start, grows by one slot per success (doubling each round trip) until the server first shows strain;
 * from then on each success adds 1/limit (one more slot per full round). A 429, a 5xx or a timeout
 * halves it (once per round trip, not once per failed call in flight) and ends slow start; a 429 also
 * holds every new call until the server's window passes.
 */
export class AdaptiveLimiter {
  private limitValue: number
  private active = 0
  private waiters: (() => void)[] = []
  private holdUntil = 0
  private lastDecrease = 0
  private slowStart = true

  constructor(
    start = CONCURRENCY_START,
    private readonly max = CONCURRENCY_MAX,
  ) {
    this.limitValue = start
  }

  get limit(): number {
    return Math.floor(this.limitValue)
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const wait = this.holdUntil - Date.now()
      if (wait > 0) await sleep(wait, signal)
      if (this.active < this.limit) {
        this.active++
        return
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  /** Takes a slot if one is free and no 429 holds calls back; `acquire` without the promise. */
  tryAcquire(): boolean {
    if (this.active >= this.limit || this.waiters.length > 0 || this.holdUntil > Date.now()) return false
    this.active++
    return true
  }

  release(): void {
    this.active--
    this.wake()
  }

  success(): void {
    this.limitValue = Math.min(this.max, this.limitValue + (this.slowStart ? 1 : 1 / this.limitValue))
    this.wake()
  }

  /** A call failed; slows down if the server said it is overloaded or limiting, or did not answer in time. */
  failure(error: AppError): void {
    if (!strain.has(error.code)) return
    this.slowStart = false
    const now = Date.now()
    if (now - this.lastDecrease > 250) {
      this.limitValue = Math.max(1, this.limitValue / 2)
      this.lastDecrease = now
    }
    if (error.code === 'rate_limited') this.holdUntil = Math.max(this.holdUntil, now + rateLimitWaitMs(error))
  }

  /** Lets in as many waiting rows as the (possibly grown) limit has room for. */
  private wake(): void {
    for (let room = this.limit - this.active; room > 0 && this.waiters.length > 0; room--)
      this.waiters.shift()?.()
  }
}

/**
 * A row is tried this often before it fails. A row is a read and a write: at 10% 5xx plus dropped
 * connections about one attempt in four fails, and twelve in a row is then about one row in 30 million.
 */
export const MAX_ATTEMPTS = 12

/**
 * Tries for a read someone is waiting on (a count on screen or in a terminal): a blip is ridden out in
 * well under a second, a server that is down is said to be down at once, not after a job's half minute.
 */
export const INTERACTIVE_ATTEMPTS = 3

/** Full-jitter exponential backoff: 0..min(10 s, 200 ms × 2^attempt). */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(10_000, 200 * 2 ** attempt)
}

/**
 * How long a call waits before its next try. After a 429, at least until the server's window passes
 * (what the limiter holds new calls for): a try sent sooner only meets the same 429 and spends a try.
 */
function retryDelay(error: AppError, attempt: number, backoff: (attempt: number) => number): number {
  const delay = backoff(attempt)
  if (error.code !== 'rate_limited') return delay
  return Math.max(delay, rateLimitWaitMs(error))
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

/**
 * Told when each try of a call begins and how it ended, with no wrapper round the call: at thousands
 * of calls a second, a promise per try was garbage a whole job paid for. A job's outage count is one.
 */
export interface TryWatcher {
  /** A try begins; what this returns is handed back with the try's outcome. */
  begin(): number
  answered(token: number): void
  failed(token: number, error: AppError): void
}

/** How `retrying` paces one call; a job makes one for all its rows. */
export interface RetryOptions {
  limiter?: AdaptiveLimiter
  signal?: AbortSignal
  onStop?: () => Error
  backoff?: (attempt: number) => number
  /** Told of each failure that will be tried again. */
  onRetry?: (error: AppError) => void
  /** Tries before the failure is thrown (default MAX_ATTEMPTS, a job's patience). */
  attempts?: number
  /**
   * A paused job's promise to go on, or nothing. A call waits for it before each try, and a failure
   * while it stands (the pause may be for this very outage) is tried again once the job goes on,
   * with the tries made before the pause not held against it.
   */
  gate?: () => Promise<void> | undefined
  /** Told of every try and its outcome. */
  watch?: TryWatcher
}

/**
 * Retries only what may succeed unchanged (5xx, 429, timeouts, dropped connections) with jittered
 * backoff, telling the limiter about every answer. A 4xx is thrown at once: it would fail again.
 */
export async function retrying<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const { limiter, signal, watch } = options
  for (let attempt = 0; ; attempt++) {
    const paused = options.gate?.()
    if (paused) {
      await paused
      attempt = 0
    }
    if (signal?.aborted) throw options.onStop?.() ?? new AppErrorException(toAppError(signal.reason))
    const token = watch ? watch.begin() : 0
    try {
      const value = await call()
      watch?.answered(token)
      limiter?.success()
      return value
    } catch (err) {
      const error: AppError = toAppError(err)
      watch?.failed(token, error)
      limiter?.failure(error)
      if (!error.retryable) throw new AppErrorException(error)
      if (options.gate?.()) continue
      if (attempt + 1 >= (options.attempts ?? MAX_ATTEMPTS)) throw new AppErrorException(error)
      options.onRetry?.(error)
      await sleep(retryDelay(error, attempt, options.backoff ?? backoffMs), signal)
    }
  }
}
