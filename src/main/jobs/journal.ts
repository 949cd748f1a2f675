import { closeSync, fdatasync, fdatasyncSync, openSync, writeSync } from 'node:fs'
import type { RowOutcome } from '@shared/models/jobs'
import { lines } from './lines'
import { KeySet } from './fingerprint-table'

export interface JournalLine {
  key: string
  phase: 'start' | 'end'
  outcome?: RowOutcome
  reason?: string
  /** On an end line: how a person recognises the row, so the report is built from the journal alone. */
  label?: string
  /** ms since the epoch */
  t: number
}

/**
 * What the journal says about the rows: which ended, which started (outcome unknown), and the count of
 * each outcome. Keys only, the one per-row structure a run keeps, as fingerprints: outcomes and
 * reasons stay on disk.
 */
export interface JournalState {
  ended: KeySet
  /** Started but never ended: the call may or may not have reached the server. */
  open: Set<string>
  counts: Record<RowOutcome, number>
}

/** How long a written line may wait for fdatasync: bounded loss on power failure, cheap per row. */
const SYNC_EVERY_MS = 50

/**
 * Append-only row journal. A start line is handed to the OS with one write before the row's call can
 * leave (so a killed process never forgets a call it made); end lines wait, at most until the event
 * loop turns, and go out with the next write, so a busy job pays one write per row rather than two.
 * An end lost to a kill leaves its row open, and a resumed run asks the server what became of it.
 * Lines reach the disk in batches (fdatasync every SYNC_EVERY_MS, off the main thread), not one flush
 * per row. A line cut short by a crash is ignored on reading.
 */
export class Journal {
  private fd: number | null
  private dirty = false
  private timer: NodeJS.Timeout | null = null
  /** End lines not yet written. */
  private pending = ''
  private flushing: NodeJS.Immediate | null = null
  private syncing = false
  private closeAfterSync = false

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a')
  }

  static read(file: string): JournalState {
    const state: JournalState = {
      ended: new KeySet(),
      open: new Set(),
      counts: { done: 0, skipped: 0, failed: 0 },
    }
    for (const line of Journal.lines(file)) {
      if (line.phase === 'start') {
        if (!state.ended.has(line.key)) state.open.add(line.key)
      } else if (line.outcome && state.ended.add(line.key)) {
        state.open.delete(line.key)
        state.counts[line.outcome]++
      }
    }
    return state
  }

  /** Every whole line, in order, streamed; a line cut short by a crash is left out. */
  static *lines(file: string): Generator<JournalLine> {
    for (const raw of lines(file)) {
      try {
        yield JSON.parse(raw) as JournalLine
      } catch {
        continue
      }
    }
  }

  start(key: string): void {
    this.pending += `${JSON.stringify({ key, phase: 'start', t: Date.now() } satisfies JournalLine)}\n`
    this.write()
  }

  end(key: string, label: string, outcome: RowOutcome, reason?: string): void {
    const line: JournalLine = {
      key,
      phase: 'end',
      outcome,
      ...(reason ? { reason } : {}),
      label,
      t: Date.now(),
    }
    this.pending += `${JSON.stringify(line)}\n`
    this.flushing ??= setImmediate(() => this.write())
  }

  /** Hands every line so far to the OS, for a reader of the file while the job runs (its report). */
  write(): void {
    if (this.flushing) clearImmediate(this.flushing)
    this.flushing = null
    if (this.fd === null || this.pending === '') return
    writeSync(this.fd, this.pending)
    this.pending = ''
    this.dirty = true
    this.timer ??= setTimeout(() => this.flushToDisk(), SYNC_EVERY_MS)
  }

  /** fdatasync on libuv's thread pool: a disk flush can take milliseconds the rows should not wait. */
  private flushToDisk(): void {
    this.timer = null
    this.write()
    const fd = this.fd
    if (fd === null || !this.dirty || this.syncing) return
    this.dirty = false
    this.syncing = true
    fdatasync(fd, (err) => {
      this.syncing = false
      if (this.closeAfterSync) return closeSync(fd)
      // A failed flush is tried again with the next batch.
      if (err) this.dirty = true
      if (this.dirty) this.timer ??= setTimeout(() => this.flushToDisk(), SYNC_EVERY_MS)
    })
  }

  /** Writes and flushes what is left: every line is on the disk when this returns. */
  close(): void {
    this.write()
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const fd = this.fd
    if (fd === null) return
    this.fd = null
    fdatasyncSync(fd)
    // A flush still running on the pool holds the descriptor; it is closed when that ends.
    if (this.syncing) this.closeAfterSync = true
    else closeSync(fd)
  }
}
