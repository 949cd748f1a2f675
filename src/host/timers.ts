/**
 * Time as the host's background checks see it: the real clock in the app, one driven by hand in
 * tests, so a test moves a job on by firing its timer rather than sleeping until it fires.
 */
export interface Timers {
  now(): number
  /** Calls `fn` once after `ms`; the function returned cancels it. */
  after(ms: number, fn: () => void): () => void
}

/**
 * Real timers. They keep the process alive on purpose: a command following a job that waits for its
 * server to come back must not exit while it waits.
 */
export const realTimers: Timers = {
  now: () => Date.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms)
    return () => clearTimeout(timer)
  },
}
