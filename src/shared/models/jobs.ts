/** Bulk jobs as the renderer and the CLI see them. Plain data; see src/host/jobs for the engine. */
import type { UserFilters } from '../contract/users'
import type { ConfirmationAsked, ProjectConnection } from './projects'

export type JobState =
  | 'planned' // created, nothing written; preview available
  | 'running'
  | 'paused'
  | 'cancelled'
  | 'completed' // every row has an outcome (done, skipped or failed)
  | 'interrupted' // the process stopped mid-run; resume picks it up from the journal

export type RowOutcome = 'done' | 'skipped' | 'failed'
/** A row in a report: ended with an outcome, or not reached yet. */
export const rowStates = ['done', 'skipped', 'failed', 'pending'] as const
export type RowState = (typeof rowStates)[number]
/**
 * A row a job has not reached, by the one word the saved report gives it, which scripts read: the
 * window names those rows by it too (its report table said 'not reached' under a sentence that, as
 * the saved report, said 'pending').
 */
export const PENDING = 'pending' satisfies RowState

export interface JobCounts {
  /** Null while the rows are still being enumerated. */
  total: number | null
  done: number
  skipped: number
  failed: number
}

/**
 * Why a paused job waits. `manual`: a person paused it, and only a person resumes it. `unreachable`:
 * its server stopped answering, so it paused itself; the host asks the server again now and then and
 * resumes it once it answers (a person may resume it sooner).
 */
export interface JobPause {
  reason: 'manual' | 'unreachable'
  since: string
  /** For `unreachable`: when the host next asks the server. */
  nextCheckAt: string | null
}

export interface JobView {
  id: string
  kind: string
  /** Cannot be set back (ends sessions, blocks): on a production project it runs only with the name typed. */
  destructive: boolean
  title: string
  project: string
  /** The project's name now; the name it had, once the project is no longer in Userdeck. */
  projectName: string
  /** Set for a project named by its address (not stored): where it is, to connect again and resume. Never the key. */
  connection: ProjectConnection | null
  state: JobState
  /**
   * For a planned job, what starting it asks of the person, as the project's write guard will:
   * its name typed, or the one confirmation of a project that confirms every write (either sent as
   * `confirm`); null when it asks nothing, and for a job past planning.
   */
  startAsks: ConfirmationAsked | null
  /** Set while the job is paused: why, and since when. */
  pause: JobPause | null
  /**
   * Set while another Userdeck process runs it (the CLI beside the window): that process's pid. It is
   * paused and cancelled there; here it is shown as its files say when it is read.
   */
  runningIn: number | null
  /** For a job that retries another's failed rows: that job's id. */
  retryOf: string | null
  counts: JobCounts
  createdAt: string
  startedAt: string | null
  /**
   * Set once the job has ended for good and no row of it is in flight. A job cancelled while calls
   * are in flight turns `cancelled` at once; those rows end after (done or failed, as the server
   * answers), and its finishedAt, with the last counts, comes once they have: only then is its report final.
   */
  finishedAt: string | null
  /**
   * How long it has run, ms, its pauses and interruptions left out, up to its last pause or end; null
   * for a job from before this was kept.
   */
  runMs: number | null
  /** Rows per second over the last few seconds of running. */
  rate: number
  etaSeconds: number | null
  concurrency: number
  lastError: string | null
  /** Calls tried again in this run after a 5xx, 429, timeout or dropped connection. */
  retries: number
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
  /** What the change takes away for good, counted (sessions, identities…): the preview sums it. */
  lost?: Record<string, number>
}

export interface JobPreview {
  jobId: string
  counts: { change: number; skip: number; fail: number; total: number }
  /** The rows' `lost`, summed over every row to change. */
  lost?: Record<string, number>
  /** The first rows, in order; `truncated` says more exist. */
  rows: RowPreview[]
  truncated: boolean
}

export interface ReportRow {
  key: string
  label: string
  outcome: RowState
  reason?: string
}

/**
 * Which users a bulk job acts on. Exactly one of: explicit `ids`, a query (`search`, `labels` — users
 * carrying any of them — and/or the user browser's `filters`), or `all`. A query is resolved to ids
 * page by page when the job is planned, and that list is what the preview shows and the run uses.
 */
export interface Selection {
  ids?: string[]
  search?: string
  labels?: string[]
  filters?: UserFilters
  /** Appwrite's own query JSON, as node-appwrite's `Query.*` writes it. */
  queries?: string[]
  all?: true
}

/** A saved or downloaded report: the text and a file name to offer. */
export interface JobReportFile {
  format: 'csv' | 'json'
  filename: string
  /** The whole report, or its first rows when `truncated`. */
  text: string
  /** Where main saved the whole report, every row, in the data folder. */
  path: string
  rows: number
  /** The text stops short of the last rows (a job of more than 100,000): the file at `path` has them. */
  truncated: boolean
}
