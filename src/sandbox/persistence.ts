import { closeSync, fsyncSync, ftruncateSync, openSync, renameSync, writeSync } from 'node:fs'
import { mkdir, open, readFile } from 'node:fs/promises'
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { Change } from './records'
import type { Store } from './store'

const SNAPSHOT = 'snapshot.jsonl'
const WAL = 'wal.jsonl'
/** Compact the log into a snapshot once it grows past this. */
const COMPACT_BYTES = 64 * 1024 * 1024

async function readLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).split('\n')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}

/**
 * Durability for a sandbox store: an append-only JSON-lines write-ahead log of full-record changes,
 * plus a snapshot that compaction rewrites. Requests await `flush()` before answering, and flushes
 * group-commit: everything changed while one fsync runs goes out together in the next write, so
 * thousands of writes per second cost a handful of fsyncs. Replaying puts and deletes is idempotent,
 * so a crash between writing a snapshot and emptying the log loses nothing and duplicates nothing.
 */
export class Persistence {
  private pending: string[] = []
  private scheduled: Promise<void> | null = null
  private writing: Promise<void> = Promise.resolve()
  private walBytes = 0
  private closed = false

  private constructor(
    private readonly dir: string,
    private readonly store: Store,
    private readonly wal: FileHandle,
  ) {}

  /** Opens (creating) the directory and loads the snapshot then the log into `store`. */
  static async open(dir: string, store: Store): Promise<Persistence> {
    // Users, hashes and sessions: this OS user's alone (0700 folder, 0600 files).
    await mkdir(dir, { recursive: true, mode: 0o700 })
    for (const file of [SNAPSHOT, WAL]) {
      const lines = await readLines(join(dir, file))
      for (const line of lines) {
        if (line === '') continue
        let change: Change
        try {
          change = JSON.parse(line) as Change
        } catch {
          // A line torn by a crash mid-write was never acknowledged.
          continue
        }
        store.apply(change)
      }
    }
    const wal = await open(join(dir, WAL), 'a', 0o600)
    const persistence = new Persistence(dir, store, wal)
    persistence.walBytes = (await wal.stat()).size
    return persistence
  }

  /** Starts logging the store's changes. */
  attach(): void {
    this.store.onChange = (change) => {
      this.pending.push(JSON.stringify(change))
    }
  }

  /** Resolves once every change made so far is on disk. */
  flush(): Promise<void> {
    if (this.pending.length === 0) return this.writing
    if (!this.scheduled) {
      const previous = this.writing
      this.scheduled = (async () => {
        await previous.catch(() => undefined)
        const batch = this.pending
        this.pending = []
        this.scheduled = null
        const write = this.append(batch)
        this.writing = write
        await write
      })()
    }
    return this.scheduled
  }

  private async append(batch: string[]): Promise<void> {
    const data = batch.join('\n') + '\n'
    await this.wal.write(data)
    await this.wal.datasync()
    this.walBytes += Buffer.byteLength(data)
    if (this.walBytes > COMPACT_BYTES && !this.closed) this.writeSnapshotSync()
  }

  /** Writes a snapshot of the whole store and empties the log. */
  async snapshot(): Promise<void> {
    await this.flush()
    const previous = this.writing
    const run = (async () => {
      await previous.catch(() => undefined)
      this.writeSnapshotSync()
    })()
    this.writing = run
    await run
  }

  /**
   * Synchronous on purpose: the store cannot change while it is being written, so the snapshot is
   * a consistent cut; changes still pending are replayed harmlessly on top of it.
   */
  private writeSnapshotSync(): void {
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`)
    const fd = openSync(tmp, 'w', 0o600)
    try {
      let chunk: string[] = []
      for (const change of this.store.entries()) {
        chunk.push(JSON.stringify(change))
        if (chunk.length >= 2000) {
          writeSync(fd, chunk.join('\n') + '\n')
          chunk = []
        }
      }
      if (chunk.length > 0) writeSync(fd, chunk.join('\n') + '\n')
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, join(this.dir, SNAPSHOT))
    try {
      const dirFd = openSync(this.dir, 'r')
      fsyncSync(dirFd)
      closeSync(dirFd)
    } catch {
      // Directories cannot be fsynced on every platform (Windows); the rename is still atomic.
    }
    // Truncated through a second descriptor; the append-mode handle keeps writing at the new end.
    const walFd = openSync(join(this.dir, WAL), 'r+')
    try {
      ftruncateSync(walFd, 0)
      fsyncSync(walFd)
    } finally {
      closeSync(walFd)
    }
    this.walBytes = 0
  }

  /** Flushes, compacts into a snapshot and closes the log. */
  async close(): Promise<void> {
    if (this.closed) return
    await this.snapshot()
    this.closed = true
    this.store.onChange = null
    await this.wal.close()
  }
}
