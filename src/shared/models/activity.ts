/** The audit log as the Activity screen and the CLI see it. */
import type { ProjectConnection } from './projects'
import type { UndoBlocked } from '../undo-blocked'

/** One write, as the audit log keeps it. `before`/`after` hold only the fields the write touched. */
export interface AuditEntry {
  id: string
  time: string
  /** The project's entry id and its name at the time. */
  project: string
  projectName: string
  /** The last four characters of the key that made the write; never more of it. */
  keyLastFour: string | null
  /** `users.updateName`, `labels.add`, `sessions.kill`… */
  action: string
  userId: string | null
  /** The user's name, email or phone when the entry was written, so the log reads as people, not ids. */
  userLabel?: string
  /** The user's email when the entry was written, so the log can be searched by it. */
  userEmail?: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  jobId?: string
  /** Set on an undo: the entry it reverses. */
  undoOf?: string
  /**
   * The server and project the write went to, for a project that can be pointed elsewhere later:
   * its undo goes there or nowhere.
   */
  place?: ProjectConnection
  /**
   * Set for a change on a project named by its address (the CLI's `--endpoint`), never its key: a
   * later run names the project again from it, with the key, to undo the change.
   */
  connection?: ProjectConnection
}

export interface AuditFilter {
  project?: string
  userId?: string
  /** The user's email (any case), as it was when each entry was written: what a support person has. */
  email?: string
  jobId?: string
  action?: string
  limit?: number
}

/** An audit entry as the Activity screen shows it: whether Appwrite lets it be set back, and whether it was. */
export interface ActivityEntry extends AuditEntry {
  undoable: boolean
  undone: boolean
  /** Set where Appwrite would let the entry be set back but its project is not here to do it. */
  undoBlocked?: UndoBlocked
}

/** A bulk job's entries folded into one row of the Activity list: what it did, in counts. */
export interface ActivityJobSummary {
  jobId: string
  /** Entries of this job that match the filters. */
  count: number
  /** How many of them can still be set back, and how many were. */
  undoable: number
  undone: number
  /** Set where entries could be set back but the job's project is not here to do it (then `undoable` is 0). */
  undoBlocked?: UndoBlocked
  /** Entries per action (`labels.add`: 455), so the row can say what the job did in words. */
  actions: Record<string, number>
  /** The newest entry of each action, to put it in words. */
  samples: Record<string, AuditEntry>
  /** The oldest and newest entry's time. */
  from: string
  to: string
}

export interface ActivityPage {
  /**
   * Newest first. With `groupJobs`, a job is represented by its newest matching entry alone, and
   * `jobs[jobId]` sums up all of its matching entries.
   */
  entries: ActivityEntry[]
  jobs?: Record<string, ActivityJobSummary>
  /** Pass as `before` to read further back; null at the start of the log. */
  nextBefore: string | null
}
