import type { ConnectionReport } from '@shared/contract/projects'
import type { ProjectReach } from '@shared/models'

/** Failures that mean "not answering right now" rather than "set up wrong": worth retrying on their own. */
const transientCodes = new Set(['unreachable', 'timeout', 'server_error', 'rate_limited'])

export interface Backoff {
  /** First retry after this long; each further one waits twice as long… */
  baseMs: number
  /** …up to this. */
  maxMs: number
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 2_000, maxMs: 60_000 }

/** The wait before the `attempt`th retry (from 1), with ±20% jitter so many retries do not run in step. */
export function backoffDelay(backoff: Backoff, attempt: number): number {
  const exact = Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1))
  return Math.round(exact * (0.8 + Math.random() * 0.4))
}

const UNKNOWN: ProjectReach = { state: 'unknown', message: null, code: null, nextRetryAt: null }

/**
 * Each project's reach state, and the retry timers for the unreachable ones. Retries run only while
 * watched (a window is open), back off exponentially with jitter so many projects do not retry in step,
 * and never keep the process alive.
 */
export class Reachability {
  private readonly states = new Map<string, ProjectReach>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly failures = new Map<string, number>()
  private watching = false
  private closed = false

  constructor(
    /** Runs a check of the project; it reports back through `record`. */
    private readonly recheck: (ref: string) => Promise<unknown>,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
  ) {}

  get(ref: string): ProjectReach {
    return this.states.get(ref) ?? UNKNOWN
  }

  get isWatching(): boolean {
    return this.watching
  }

  checking(ref: string): void {
    this.cancel(ref)
    this.states.set(ref, { state: 'checking', message: null, code: null, nextRetryAt: null })
  }

  /** Sets a state that no connection produced (no key yet, say); no retry follows. */
  set(ref: string, reach: Omit<ProjectReach, 'nextRetryAt'>): void {
    this.cancel(ref)
    this.failures.delete(ref)
    this.states.set(ref, { ...reach, nextRetryAt: null })
  }

  record(ref: string, report: ConnectionReport): void {
    this.cancel(ref)
    if (report.ok) {
      this.failures.delete(ref)
      this.states.set(ref, { state: 'online', message: null, code: null, nextRetryAt: null })
      return
    }
    const error = report.error ?? { code: 'internal', message: 'The check failed.' }
    if (!transientCodes.has(error.code)) {
      this.failures.delete(ref)
      this.states.set(ref, { state: 'error', message: error.message, code: error.code, nextRetryAt: null })
      return
    }
    const attempt = (this.failures.get(ref) ?? 0) + 1
    this.failures.set(ref, attempt)
    const delay = this.watching && !this.closed ? backoffDelay(this.backoff, attempt) : null
    this.states.set(ref, {
      state: 'unreachable',
      message: error.message,
      code: error.code,
      nextRetryAt: delay === null ? null : new Date(Date.now() + delay).toISOString(),
    })
    if (delay !== null) this.schedule(ref, delay)
  }

  /** From now on unreachable projects are retried until they answer; `due` are checked straight away. */
  watch(due: readonly string[]): void {
    if (this.closed) return
    this.watching = true
    for (const ref of due) void this.recheck(ref)
  }

  forget(ref: string): void {
    this.cancel(ref)
    this.states.delete(ref)
    this.failures.delete(ref)
  }

  close(): void {
    this.closed = true
    this.watching = false
    for (const ref of [...this.timers.keys()]) this.cancel(ref)
  }

  private schedule(ref: string, delay: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(ref)
      if (!this.closed) void this.recheck(ref)
    }, delay)
    timer.unref()
    this.timers.set(ref, timer)
  }

  private cancel(ref: string): void {
    const timer = this.timers.get(ref)
    if (timer) clearTimeout(timer)
    this.timers.delete(ref)
  }
}
