import type { Timers } from '../../../src/host/timers'

/**
 * Timers that fire only when a test says so: the clock stands still until `fireNext` moves it to the
 * next timer and runs it, or `advance` moves it on, so what a background check does is tested without
 * waiting for it.
 */
export class ManualTimers implements Timers {
  private queue: { at: number; fn: () => void }[] = []

  /** The clock starts at `start` (default: the real time now) and moves only with `fireNext` and `advance`. */
  constructor(private clock = Date.now()) {}

  now(): number {
    return this.clock
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.clock + ms, fn }
    this.queue.push(timer)
    return () => {
      this.queue = this.queue.filter((t) => t !== timer)
    }
  }

  /** Timers set and not yet fired or cancelled. */
  get pending(): number {
    return this.queue.length
  }

  /** When the next timer is due, ms since the epoch. */
  get nextAt(): number | undefined {
    return [...this.queue].sort((a, b) => a.at - b.at)[0]?.at
  }

  /** Moves the clock on by `ms`, running the timers due on the way, in order. */
  advance(ms: number): void {
    const until = this.clock + ms
    while (this.nextAt !== undefined && this.nextAt <= until) this.fireNext()
    this.clock = until
  }

  /** Moves the clock to the next timer and runs it. */
  fireNext(): void {
    const next = [...this.queue].sort((a, b) => a.at - b.at)[0]
    if (!next) throw new Error('No timer is set.')
    this.queue = this.queue.filter((t) => t !== next)
    this.clock = next.at
    next.fn()
  }
}
