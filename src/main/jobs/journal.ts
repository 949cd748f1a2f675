import { closeSync, fdatasyncSync, openSync, readFileSync, existsSync, writeSync } from 'node:fs'
import type { RowOutcome } from '@shared/models/jobs'

export interface JournalLine {
  key: string
  phase: 'start' | 'end'
  outcome?: RowOutcome
  reason?: string
  /** ms since the epoch */
  t: number
}

/** What the journal says about each row: started (outcome unknown) or ended with an outcome. */
export interface JournalState {
  ended: Map<string, { outcome: RowOutcome; reason?: string }>
  /** Started but never ended: the call may or may not have reached the server. */
  open: Set<string>
}

/** How long a written line may wait for fdatasync: bounded loss on power failure, cheap per row. */
const SYNC_EVERY_MS = 50

/**
 * Append-only row journal. Every line is handed to the OS with one write before the engine goes on
 * (so a killed process loses nothing), and flushed to the disk in batches (so a row costs one syscall,
 * not one disk flush). A line cut short by a crash is ignored on reading.
 */
export class Journal {
  private fd: number | null
  private dirty = false
  private timer: NodeJS.Timeout | null = null

  constructor(readonly file: string) {
    this.fd = openSync(file, 'a')
  }

  static read(file: string): JournalState {
    const state: JournalState = { ended: new Map(), open: new Set() }
    if (!existsSync(file)) return state
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      if (!raw.trim()) continue
      let line: JournalLine
      try {
        line = JSON.parse(raw) as JournalLine
      } catch {
        continue
      }
      if (line.phase === 'start') {
        if (!state.ended.has(line.key)) state.open.add(line.key)
      } else if (line.outcome) {
        state.open.delete(line.key)
        state.ended.set(line.key, { outcome: line.outcome, ...(line.reason ? { reason: line.reason } : {}) })
      }
    }
    return state
  }

  start(key: string): void {
    this.append({ key, phase: 'start', t: Date.now() })
  }

  end(key: string, outcome: RowOutcome, reason?: string): void {
    this.append({ key, phase: 'end', outcome, ...(reason ? { reason } : {}), t: Date.now() })
  }

  private append(line: JournalLine): void {
    if (this.fd === null) return
    writeSync(this.fd, JSON.stringify(line) + '\n')
    this.dirty = true
    this.timer ??= setTimeout(() => this.sync(), SYNC_EVERY_MS)
  }

  sync(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.fd !== null && this.dirty) {
      fdatasyncSync(this.fd)
      this.dirty = false
    }
  }

  close(): void {
    this.sync()
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }
}
