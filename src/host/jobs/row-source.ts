import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { JobContext, JobKind, JobRow } from './job-kind'
import { KeySet } from './fingerprint-table'
import { lines } from './lines'
import { StreamedPrivateFile } from '../private-files'

/** In the folder of a job that retries another's failed rows: those rows' keys, one JSON string a line. */
export const RETRY_KEYS_FILE = 'retry-keys.jsonl'
/** A snapshot kind's rows, in its job's folder. */
export const SNAPSHOT_FILE = 'rows.jsonl'

/**
 * A job's rows, one at a time and never all at once. A streaming kind's rows come from the kind on
 * every pass (an import re-reads its file); a snapshot kind's are enumerated once into `rows.jsonl`
 * before any is used, and every pass (preview, run, each resume, report) reads that file back.
 */
export class RowSource {
  private snapshotting: Promise<void> | null = null

  constructor(
    private readonly kind: JobKind<unknown, unknown>,
    private readonly params: unknown,
    private readonly dir: string,
  ) {}

  private get snapshotFile(): string {
    return join(this.dir, SNAPSHOT_FILE)
  }

  /**
   * The kind's rows; for a job retrying another's failed rows, only those. `listed` hears how many
   * rows a snapshot being taken has found so far: none is yielded until it has found them all.
   */
  rows(ctx: JobContext, listed?: (rows: number) => void): AsyncIterable<JobRow> {
    const keysFile = join(this.dir, RETRY_KEYS_FILE)
    if (existsSync(keysFile)) return onlyKeys(this.allRows(ctx, listed), keysFile)
    return this.allRows(ctx, listed)
  }

  private allRows(ctx: JobContext, listed?: (rows: number) => void): AsyncIterable<JobRow> {
    // A streaming kind's own iterator, not wrapped: every layer costs each of a million rows.
    if (!this.kind.snapshotRows) return this.kind.rows(this.params, ctx)
    return this.snapshotRowsOf(ctx, listed)
  }

  private async *snapshotRowsOf(ctx: JobContext, listed?: (rows: number) => void): AsyncGenerator<JobRow> {
    if (!existsSync(this.snapshotFile)) {
      this.snapshotting ??= this.snapshot(ctx, listed).finally(() => (this.snapshotting = null))
      await this.snapshotting
    }
    for (const line of lines(this.snapshotFile)) yield JSON.parse(line) as JobRow
  }

  /**
   * Writes the kind's rows to disk as they are enumerated; only their keys stay in memory, to drop
   * the repeats a query paged over a changing list can return. The file appears whole or not at all.
   */
  private async snapshot(ctx: JobContext, listed?: (rows: number) => void): Promise<void> {
    const out = new StreamedPrivateFile(this.snapshotFile)
    const seen = new Set<string>()
    try {
      for await (const row of this.kind.rows(this.params, ctx)) {
        if (seen.has(row.key)) continue
        seen.add(row.key)
        out.write(`${JSON.stringify(row)}\n`)
        listed?.(seen.size)
      }
      out.commit()
    } catch (err) {
      out.abandon()
      throw err
    }
  }
}

async function* onlyKeys(rows: AsyncIterable<JobRow>, keysFile: string): AsyncGenerator<JobRow> {
  const wanted = new KeySet()
  for (const line of lines(keysFile)) wanted.add(JSON.parse(line) as string)
  for await (const row of rows) if (wanted.has(row.key)) yield row
}
