import type { AppError } from '@shared/errors'
import type { TryWatcher } from './pacing'

/**
 * A job's calls in a row that got no answer at all (refused, reset, timed out) before it pauses
 * itself: the server is gone, and rows failing one by one would only fill the report with its absence.
 * A 4xx or 5xx is an answer and starts the count again. The fault tests drop 3% of connections: five
 * drops in a row there is one chance in forty million.
 */
export const OUTAGE_AFTER_FAILURES = 5

/** No answer came: the server or the way to it is down, not the request. */
export function isNoAnswer(error: AppError): boolean {
  return error.code === 'unreachable' || error.code === 'timeout'
}

/**
 * Counts a job's unanswered calls in a row, across every row in flight, and says when the server is
 * gone. Calls begun before the job last went on are not counted: a call sent into the outage may
 * fail only once the server is back, and must not pause the job again for an outage that is over.
 */
export class OutageDetector implements TryWatcher {
  private streak = 0
  private round = 0

  constructor(private readonly onOutage: () => void) {}

  /** The job goes on: the count starts again, and calls begun before now no longer count. */
  reset(): void {
    this.streak = 0
    this.round++
  }

  /** A call is tried: its token is the round it began in. */
  begin(): number {
    return this.round
  }

  answered(round: number): void {
    if (round === this.round) this.streak = 0
  }

  failed(round: number, error: AppError): void {
    if (round !== this.round) return
    if (!isNoAnswer(error)) this.streak = 0
    else if (++this.streak >= OUTAGE_AFTER_FAILURES) this.onOutage()
  }
}
