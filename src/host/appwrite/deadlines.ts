/**
 * Cuts off answers that are still arriving when their call's time is up. Every call given to one
 * instance has the same timeout, so deadlines fall in the order calls start: a queue and one timer
 * serve them all. (A timer and an AbortSignal per call, as `AbortSignal.timeout` makes, cost an import
 * a sixth of its CPU at thousands of calls a second.)
 */
export class Deadlines {
  /** Calls in start order; `head` is the first not yet ended or expired. */
  private entries: Deadline[] = []
  private head = 0
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly timeoutMs: number) {}

  /** Runs `expire` if the deadline passes before `end()` is called on what this returns. */
  start(expire: () => void): Deadline {
    const entry = new Deadline(Date.now() + this.timeoutMs, expire, this)
    this.entries.push(entry)
    this.timer ??= this.schedule(this.timeoutMs)
    return entry
  }

  /** Calls queued: those not ended yet, and those ended behind one that has not (calls end out of order). */
  get pending(): number {
    return this.entries.length - this.head
  }

  private schedule(ms: number): NodeJS.Timeout {
    // Unref'd: a deadline alone must not keep a finished CLI alive.
    return setTimeout(() => this.expire(), ms).unref()
  }

  private expire(): void {
    this.timer = null
    const now = Date.now()
    for (let e = this.entries[this.head]; e && e.at <= now; e = this.entries[this.head]) {
      this.head++
      if (!e.ended) {
        e.ended = true
        e.expire()
      }
    }
    this.dropEnded()
    const next = this.entries[this.head]
    if (next) this.timer ??= this.schedule(next.at - now)
  }

  /** Drops the ended calls at the head of the queue; a `Deadline` calls it as it ends. */
  dropEnded(): void {
    while (this.entries[this.head]?.ended) this.head++
    if (this.head === this.entries.length) {
      this.entries = []
      this.head = 0
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      // Compacted once the dead prefix outweighs the rest: the queue stays the size of the calls in flight.
      this.entries = this.entries.slice(this.head)
      this.head = 0
    }
  }
}

const NOTHING = () => {}

export class Deadline {
  ended = false

  constructor(
    readonly at: number,
    public expire: () => void,
    // Its queue, not a closure over it: one object less for each of thousands of calls a second.
    private readonly queue: Deadlines,
  ) {}

  end(): void {
    if (this.ended) return
    this.ended = true
    // An ended deadline stays queued until every call started before it ends (calls end out of
    // order). What `expire` closes over (the call's answer, its request) is let go now: kept, at
    // hundreds of calls in flight, it held as many finished answers again, each one surviving the
    // young generation's collections and promoted to the old one.
    this.expire = NOTHING
    this.queue.dropEnded()
  }
}
