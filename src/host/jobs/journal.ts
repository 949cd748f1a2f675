import { closeSync, fdatasync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs'
import { AppErrorException, appError } from '@shared/errors'
import type { RowOutcome } from '@shared/models/jobs'
import { lines } from './lines'
import { KeySet } from './fingerprint-table'
import { PRIVATE_FILE } from '../private-files'

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

interface Waiting {
  promise: Promise<void>
  resolve(): void
  reject(err: unknown): void
}

function waiting(): Waiting {
  let resolve!: () => void
  let reject!: (err: unknown) => void
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
  // A batch nobody awaits (its rows stopped) must not surface as an unhandled rejection.
  promise.catch(() => {})
  return { promise, resolve, reject }
}

/**
 * Append-only row journal. A row's call waits for its start line to be handed to the OS (so a killed
 * process never forgets a call it made); the lines of one turn of the event loop, starts and ends,
 * go out with one write, so a busy job pays a write per turn rather than two per row. An end lost to
 * a kill leaves its row open, and a resumed run asks the server what became of it. Lines reach the
 * disk in batches (fdatasync every SYNC_EVERY_MS, off the main thread), not one flush per row. A line
 * cut short by a crash is ignored on reading.
 */
export class Journal {
  private fd: number | null
  private dirty = false
  private timer: NodeJS.Timeout | null = null
  /** Lines not yet written. */
  private pending = ''
  /** The part of earlier lines a failed write left behind. */
  private unwritten: Buffer | null = null
  private flushing: NodeJS.Immediate | null = null
  /** The start lines in `pending`, waiting for the write that carries them. */
  private starts: Waiting | null = null
  /** Set once a write fails: no row may start after it, as its start could not be recorded. */
  private failure: AppErrorException | null = null
  private syncing = false
  private closeAfterSync = false
  /** The last end's reason and its JSON field. */
  private lastReason: string | undefined = undefined
  private lastWhy = ''

  constructor(readonly file: string) {
    // Appends; the read access is for the last byte only.
    this.fd = openSync(file, 'a+', PRIVATE_FILE)
    // A line cut short (a crash mid-write, a disk that filled up) ends the file without its newline:
    // the first line of this run starts on a line of its own rather than being glued to it and lost.
    const { size } = fstatSync(this.fd)
    if (size > 0) {
      const last = Buffer.alloc(1)
      readSync(this.fd, last, 0, 1, size - 1)
      if (last[0] !== 0x0a) this.pending = '\n'
    }
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

  /**
   * Queues the row's start line; resolves once it is handed to the OS, with the other lines of this
   * turn. The row's call must wait for it. Rejects, and so does every later start, if a write fails.
   */
  start(key: string): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    if (this.fd === null) return Promise.reject(new Error('The journal is closed.'))
    // Built by hand, field by field as JournalLine has them: a job writes two lines per row.
    this.pending += `{"key":${JSON.stringify(key)},"phase":"start","t":${Date.now()}}\n`
    this.flushing ??= setImmediate(() => this.writeQueued())
    this.starts ??= waiting()
    return this.starts.promise
  }

  end(key: string, label: string, outcome: RowOutcome, reason?: string): void {
    // Most rows of a job end with the same reason ("created"): its JSON is kept, not made per row.
    if (reason !== this.lastReason) {
      this.lastReason = reason
      this.lastWhy = reason ? `"reason":${JSON.stringify(reason)},` : ''
    }
    this.pending += `{"key":${JSON.stringify(key)},"phase":"end","outcome":"${outcome}",${this.lastWhy}"label":${JSON.stringify(label)},"t":${Date.now()}}\n`
    this.flushing ??= setImmediate(() => this.writeQueued())
  }

  /**
   * Hands every line so far to the OS, for a reader of the file while the job runs (its report).
   * Throws if the write fails; what was not written stays queued, so a later try continues the file
   * exactly where it stopped.
   */
  write(): void {
    if (this.flushing) clearImmediate(this.flushing)
    this.flushing = null
    const starts = this.starts
    this.starts = null
    if (this.pending !== '') {
      const text = Buffer.from(this.pending)
      this.unwritten = this.unwritten ? Buffer.concat([this.unwritten, text]) : text
      this.pending = ''
    }
    if (this.fd === null || this.unwritten === null) return starts?.resolve()
    try {
      // writeSync may write less than asked (a disk filling up): the rest follows, or the error.
      while (this.unwritten) {
        const written: number = writeSync(this.fd, this.unwritten)
        this.unwritten = written < this.unwritten.length ? this.unwritten.subarray(written) : null
      }
    } catch (err) {
      this.failure = new AppErrorException(
        appError(
          'internal',
          `The job's journal ${this.file} could not be written (${err instanceof Error ? err.message : String(err)}). Make room on that disk (or fix the folder's permissions), then resume the job; rows left in flight are checked with the server.`,
        ),
      )
      starts?.reject(this.failure)
      throw this.failure
    }
    starts?.resolve()
    this.dirty = true
    this.timer ??= setTimeout(() => this.flushToDisk(), SYNC_EVERY_MS)
  }

  /** The turn's write: its failure reaches the waiting rows (and the next close), not the event loop. */
  private writeQueued(): void {
    try {
      this.write()
    } catch {
      // Kept in `failure`.
    }
  }

  /** fdatasync on libuv's thread pool: a disk flush can take milliseconds the rows should not wait. */
  private flushToDisk(): void {
    this.timer = null
    this.writeQueued()
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

  /**
   * Writes and flushes what is left: every line is on the disk when this returns, or it throws (and
   * the file is closed all the same; a resumed run reconciles rows whose end did not make it).
   */
  close(): void {
    const fd = this.fd
    if (fd === null) return
    try {
      this.write()
      fdatasyncSync(fd)
    } finally {
      this.fd = null
      if (this.timer) clearTimeout(this.timer)
      this.timer = null
      if (this.flushing) clearImmediate(this.flushing)
      this.flushing = null
      // A flush still running on the pool holds the descriptor; it is closed when that ends.
      if (this.syncing) this.closeAfterSync = true
      else closeSync(fd)
    }
  }
}
