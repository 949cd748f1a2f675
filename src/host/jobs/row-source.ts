import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { JobContext, JobKind, JobRow } from './job-kind'
import { KeySet } from './fingerprint-table'
import { lines } from './lines'
import { StreamedPrivateFile } from '../private-files'
import { Stopped } from './row-runner'

/** What a dry run asks of the snapshot its rows wait for: to hear how far it has got, and to stop it. */
export interface Listing {
  listed(rows: number): void
  stop: AbortSignal
}

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
   * The kind's rows; for a job retrying another's failed rows, only those. A dry run's `listing`
   * hears how many rows a snapshot being taken has found so far (none is yielded until it has found
   * them all), and stops it.
   */
  rows(ctx: JobContext, listing?: Listing): AsyncIterable<JobRow> {
    const keysFile = join(this.dir, RETRY_KEYS_FILE)
    if (existsSync(keysFile)) return onlyKeys(this.allRows(ctx, listing), keysFile)
    return this.allRows(ctx, listing)
  }

  private allRows(ctx: JobContext, listing?: Listing): AsyncIterable<JobRow> {
    // A streaming kind's own iterator, not wrapped: every layer costs each of a million rows.
    if (!this.kind.snapshotRows) return this.kind.rows(this.params, ctx)
    return this.snapshotRowsOf(ctx, listing)
  }

  private async *snapshotRowsOf(ctx: JobContext, listing?: Listing): AsyncGenerator<JobRow> {
    while (!existsSync(this.snapshotFile)) {
      this.snapshotting ??= this.snapshot(ctx, listing).finally(() => (this.snapshotting = null))
      try {
        await this.snapshotting
      } catch (err) {
        // Another pass's snapshot, stopped with its dry run: this pass takes one of its own.
        if (err instanceof Stopped && !listing?.stop.aborted) continue
        throw err
      }
    }
    for (const line of lines(this.snapshotFile)) yield JSON.parse(line) as JobRow
  }

  /**
   * Writes the kind's rows to disk as they are enumerated; only their keys stay in memory, to drop
   * the repeats a query paged over a changing list can return. The file appears whole or not at all.
   */
  private async snapshot(ctx: JobContext, listing?: Listing): Promise<void> {
    const out = new StreamedPrivateFile(this.snapshotFile)
    const seen = new Set<string>()
    try {
      for await (const row of this.kind.rows(this.params, ctx)) {
        // A dry run stopped while it lists (160,000 users take a while) lists no further.
        if (listing?.stop.aborted) throw new Stopped()
        if (seen.has(row.key)) continue
        seen.add(row.key)
        out.write(`${JSON.stringify(row)}\n`)
        listing?.listed(seen.size)
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
