const RATE_WINDOW_MS = 5000
const SAMPLE_EVERY_MS = 100

/**
 * A running job's pace: rows a second over the last few seconds, the time left at that pace, and
 * the calls tried again. Kept per run in this process; a resumed job starts measuring afresh.
 */
export class ProgressMeter {
  private samples: { t: number; n: number }[] = []
  /** Calls tried again in this process's run of the job. */
  retries = 0

  constructor(private readonly now: () => number = Date.now) {}

  reset(): void {
    this.samples = []
    this.retries = 0
  }

  /** The job goes on after a pause: the rate is measured from now, not over the time it stood still. */
  resumed(): void {
    this.samples = []
  }

  retried(): void {
    this.retries++
  }

  /** `ended` rows have ended so far (done, skipped or failed). */
  record(ended: number): void {
    const now = this.now()
    // One sample per SAMPLE_EVERY_MS, not one per row: at thousands of rows a second a sample per row
    // made the window (and shifting it) as long as the rows of five seconds.
    const { samples } = this
    const last = samples[samples.length - 1]
    const prev = samples[samples.length - 2]
    if (prev && last && last.t - prev.t < SAMPLE_EVERY_MS) {
      last.t = now
      last.n = ended
    } else samples.push({ t: now, n: ended })
    while (samples.length > 2 && samples[0]!.t < now - RATE_WINDOW_MS) samples.shift()
  }

  /** Rows a second (one decimal) and seconds left for `remaining` rows; zero and null when not measurable. */
  pace(remaining: number | null): { rate: number; etaSeconds: number | null } {
    const first = this.samples[0]
    const last = this.samples.at(-1)
    const rate = first && last && last.t > first.t ? ((last.n - first.n) * 1000) / (last.t - first.t) : 0
    return {
      rate: Math.round(rate * 10) / 10,
      etaSeconds: rate > 0 && remaining !== null ? Math.ceil(remaining / rate) : null,
    }
  }
}
