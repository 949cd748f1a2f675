import type { RowPreview } from '@shared/models/jobs'
import type { Logger } from '../logger'
import type { ResolvedProject } from '../projects/projects-service'

/** One unit of a bulk job: a user to relabel, a file row to import. */
export interface JobRow<D = unknown> {
  /** Stable and unique within the job: the journal and the report are keyed by it. */
  key: string
  label: string
  data: D
}

export interface JobContext {
  jobId: string
  project: ResolvedProject
  signal: AbortSignal
  logger: Logger
  /** The confirmation given to start or resume the run; each row's write is guarded with it again. */
  confirm?: string | undefined
}

export interface RowResult {
  outcome: 'done' | 'skipped'
  reason?: string
  before?: Record<string, unknown>
  after?: Record<string, unknown>
}

/**
 * What a bulk action tells the engine. The engine owns concurrency, retries, pacing, the journal,
 * pause/resume/cancel, progress and the report; a kind only knows its rows and how to do one.
 * `params` is JSON: the engine journals it, so a job can be resumed by a process that never saw it.
 */
export interface JobKind<P = unknown, D = unknown> extends JobKindOptions {
  readonly kind: string
  /** Production projects need the name typed to start it. */
  readonly destructive: boolean
  /** Rows in the same order every time for the same params: resume skips the ones journaled done. */
  rows(params: P, ctx: JobContext): AsyncIterable<JobRow<D>>
  /** Dry run of one row. Reads the server, writes nothing. */
  preview(row: JobRow<D>, params: P, ctx: JobContext): Promise<RowPreview>
  /** Does one row. Throws (an AppErrorException) to fail it; retryable errors are retried by the engine. */
  apply(row: JobRow<D>, params: P, ctx: JobContext): Promise<RowResult>
  /**
   * For a row whose call started but whose end never reached the journal (a crash, a dropped
   * connection): read the server and say whether it took effect, so it is neither done twice nor lost.
   */
  reconcile(row: JobRow<D>, params: P, ctx: JobContext): Promise<'done' | 'not-done'>
  /**
   * How a row ends without any call, when that was settled before the run (an import row the person
   * chose to skip at validation); null for a row that needs the server. A cancelled job still ends
   * these rows so, as a completed one does, rather than leaving them not reached.
   */
  endsWithoutCalls?(row: JobRow<D>, params: P): RowResult | null
}

/**
 * Optional extras a kind may declare. `snapshotRows`: the engine saves the rows (key, label, data) the
 * first time it enumerates them and uses that list for the preview, the run and every resume — right
 * for selections resolved by a query whose answer the job itself changes (rename a label the query
 * selects on). Leave it off when row data must not be written to disk (password hashes).
 */
export interface JobKindOptions {
  readonly snapshotRows?: boolean
  /** The most calls at once this kind's rows may make (default CONCURRENCY_MAX); the limiter adapts below it. */
  readonly maxConcurrency?: number
  /**
   * The most rows previewed at once (default CONCURRENCY_MAX). A kind whose preview asks the server
   * about many rows in one call (an import's lookups) needs that many in flight to fill its calls.
   */
  readonly previewConcurrency?: number
}
