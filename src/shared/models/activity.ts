/** The audit log as the Activity screen and the CLI see it. */

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
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  jobId?: string
  /** Set on an undo: the entry it reverses. */
  undoOf?: string
}

export interface AuditFilter {
  project?: string
  userId?: string
  jobId?: string
  action?: string
  limit?: number
}

/** An audit entry as the Activity screen shows it: whether Appwrite lets it be set back, and whether it was. */
export interface ActivityEntry extends AuditEntry {
  undoable: boolean
  undone: boolean
}

export interface ActivityPage {
  entries: ActivityEntry[]
  /** Pass as `before` to read further back; null at the start of the log. */
  nextBefore: string | null
}
