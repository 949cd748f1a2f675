/**
 * The host's events for one page of the browser shell, handed over by long poll: the page asks, and
 * the answer is every event queued since its last ask, or (when none is) the next ones, or nothing
 * after `pollMs`. Only what the page has not yet taken is held.
 *
 * A page that reloads leaves its last ask waiting here with no document to answer to. Each ask is its
 * own waiter, and an ask made before the page's latest navigation answers nothing and takes nothing:
 * when one shared waker was overwritten by the next ask, the stale ask's end cleared the live one's,
 * and took the events queued then to a document that was gone (a job's last events were lost, and
 * the window showed it running for good).
 */
export class PageEvents {
  private readonly queue: [string, unknown][] = []
  private readonly waiting = new Set<() => void>()
  private generation = 0

  constructor(private readonly pollMs: number) {}

  push(event: string, payload: unknown): void {
    this.queue.push([event, payload])
    for (const wake of this.waiting) wake()
  }

  /** The page's main frame has a new document: the asks of the old one end, empty. */
  navigated(): void {
    this.generation++
    for (const wake of this.waiting) wake()
  }

  /** Ends every ask (the shell is closing). */
  close(): void {
    this.navigated()
  }

  async next(): Promise<[string, unknown][]> {
    const asked = this.generation
    if (this.queue.length === 0) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer)
          this.waiting.delete(wake)
          resolve()
        }
        const timer = setTimeout(wake, this.pollMs)
        this.waiting.add(wake)
      })
    }
    if (asked !== this.generation) return []
    return this.queue.splice(0, this.queue.length)
  }
}
