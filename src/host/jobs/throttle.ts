/** Progress events (a job's, a validation's, a dry run's) at most this often: ten a second. */
export const PROGRESS_EVERY_MS = 100

/**
 * Calls `send` at most once per `everyMs`, and never loses the last call: one asked for too soon is
 * sent when the interval is up. A job's progress is told this way, so a job of thousands of rows a
 * second does not flood the window with events.
 */
export class Throttle {
  private last = 0
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly send: () => void,
    private readonly everyMs: number,
  ) {}

  /** `now`: send at once (a state change), cancelling one that waits. */
  ask(now: boolean): void {
    const since = Date.now() - this.last
    if (now || since >= this.everyMs) {
      this.cancel()
      this.fire()
      return
    }
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.fire()
    }, this.everyMs - since)
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private fire(): void {
    this.last = Date.now()
    this.send()
  }
}
