/** Bulk jobs as the renderer and the CLI see them. Plain data; see src/main/jobs for the engine. */

export type JobState =
  | 'planned' // created, nothing written; preview available
  | 'running'
  | 'paused'
  | 'cancelled'
  | 'completed' // every row has an outcome (done, skipped or failed)
  | 'interrupted' // the process stopped mid-run; resume picks it up from the journal

export type RowOutcome = 'done' | 'skipped' | 'failed'

export interface JobCounts {
  /** Null while the rows are still being enumerated. */
  total: number | null
  done: number
  skipped: number
  failed: number
}

export interface JobView {
  id: string
  kind: string
  title: string
  project: string
  projectName: string
  state: JobState
  counts: JobCounts
  createdAt: string
  startedAt: string | null
  finishedAt: string | null
  /** Rows per second over the last few seconds of running. */
  rate: number
  etaSeconds: number | null
  concurrency: number
  lastError: string | null
}

/** What one row would become: the dry run's answer, before anything is written. */
export interface RowPreview {
  key: string
  /** How a person recognises the row: an email, a name, a file line. */
  label: string
  action: 'change' | 'skip' | 'fail'
  reason?: string
  before?: Record<string, unknown>
  after?: Record<string, unknown>
}

export interface JobPreview {
  jobId: string
  counts: { change: number; skip: number; fail: number; total: number }
  /** The first rows, in order; `truncated` says more exist. */
  rows: RowPreview[]
  truncated: boolean
}

export interface ReportRow {
  key: string
  label: string
  outcome: RowOutcome | 'pending'
  reason?: string
}
