import { setMaxListeners } from 'node:events'
import type { JobRow } from './job-kind'
import type { OutageDetector } from './outage'
import type { AdaptiveLimiter, RetryOptions } from './pacing'

export interface RowRun {
  /** How many rows may be in flight at once; it adapts to the server's answers. */
  limiter: AdaptiveLimiter
  /** Once aborted, no further row starts; the rows in flight end as they will. */
  signal: AbortSignal
  /** A promise to wait for before the next row starts (a paused job's), or nothing to go on. */
  gate?: () => Promise<void> | undefined
  /** Rows to count but not run: those an earlier run of the job already ended. */
  skip?: (row: JobRow) => boolean
  /** Told of every call's answer, or its absence: the job pauses itself when its server is gone. */
  outage?: OutageDetector
}

/**
 * The one concurrent loop of every job, for its dry run and its run alike: reads the rows one at a
 * time (a job may be a million rows; none is held longer than its call) and runs `each` on as many
 * at once as the limiter allows. `each` is given the row's place in the job and must not throw: a
 * row's failure is its outcome. Resolves with the number of rows read, once every row started has
 * ended, even when reading the rows fails part-way (so the rows started still reach the journal).
 */
export async function runRows(
  rows: AsyncIterable<JobRow>,
  run: RowRun,
  each: (row: JobRow, index: number) => Promise<void>,
): Promise<number> {
  const { limiter, signal, gate, skip } = run
  // Counted rather than kept in a set, with one settle function for every row: at thousands of rows
  // a second, a set entry and a closure per row were garbage the whole job paid for.
  let running = 0
  let drained: (() => void) | null = null
  let failure: { err: unknown } | null = null
  const ended = () => {
    limiter.release()
    if (--running === 0) drained?.()
  }
  const failed = (err: unknown) => {
    failure ??= { err }
    ended()
  }
  let index = 0
  try {
    for await (const row of rows) {
      const at = index++
      if (skip?.(row)) continue
      const waitFor = gate?.()
      if (waitFor) await waitFor
      if (signal.aborted) break
      // The fast path spares a promise per row while slots are free.
      if (!limiter.tryAcquire()) await limiter.acquire(signal)
      if (signal.aborted) {
        limiter.release()
        break
      }
      running++
      each(row, at).then(ended, failed)
    }
  } finally {
    if (running > 0) await new Promise<void>((resolve) => (drained = resolve))
  }
  if (failure) throw (failure as { err: unknown }).err
  return index
}

/** Thrown inside a row when the job stops while the row waits to retry: its outcome stays open. */
export class Stopped extends Error {}

/** A signal for one job's rows: every row waiting out a backoff listens on it, so it may have many listeners. */
export function rowSignal(abort = new AbortController()): AbortSignal {
  setMaxListeners(0, abort.signal)
  return abort.signal
}

const stopped = () => new Stopped()

/**
 * How a run's rows retry their calls (with `retrying`), made once per run: every row shares it. A
 * call stops with `Stopped` once the job stops. While the job is paused (by a person, or by itself
 * for an outage) the call waits to be tried again, so a row is never failed for the outage that
 * paused its job.
 */
export function rowRetry(
  run: Pick<RowRun, 'limiter' | 'signal' | 'gate' | 'outage'>,
  onRetry?: () => void,
): RetryOptions {
  return {
    limiter: run.limiter,
    signal: run.signal,
    onStop: stopped,
    ...(run.gate ? { gate: run.gate } : {}),
    ...(run.outage ? { watch: run.outage } : {}),
    ...(onRetry ? { onRetry } : {}),
  }
}
