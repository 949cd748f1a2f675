/** Plain data that crosses the contract. No class instances, no Dates: everything here survives JSON. */

export const projectTags = ['production', 'staging', 'development', 'demo'] as const
export type ProjectTag = (typeof projectTags)[number]

/**
 * How much a project guards its users, lowest first: `off` writes at once, `confirm` asks once before
 * every write (naming the project and the change), `read-only` refuses every write. Enforced in main.
 */
export const safeModes = ['off', 'confirm', 'read-only'] as const
export type SafeMode = (typeof safeModes)[number]

/** A new project's level: production asks before every write, anything else does not. */
export function defaultSafeMode(tag: ProjectTag): SafeMode {
  return tag === 'production' ? 'confirm' : 'off'
}

/** Whether going from one level to another takes a guard away (and so needs proof, not a click). */
export function lowersSafeMode(from: SafeMode, to: SafeMode): boolean {
  return safeModes.indexOf(to) < safeModes.indexOf(from)
}

export type ReachState = 'unknown' | 'checking' | 'online' | 'unreachable' | 'error'

/**
 * Whether the project answered its last check. `unreachable` (network, timeout, 5xx) is retried with
 * backoff until it answers; `error` (wrong key, project, endpoint, TLS) waits for the person to fix it.
 */
export interface ProjectReach {
  state: ReachState
  message: string | null
  /** The AppError code of the last failure (`key_invalid`, `tls`…), so the UI can say what to fix. */
  code: string | null
  /** When the next automatic re-check runs, for an unreachable project. */
  nextRetryAt: string | null
}

/** What the renderer may know of a project. Never the key: only whether one is there, and its last four. */
export interface ProjectView {
  id: string
  name: string
  endpoint: string
  projectId: string
  colour: string
  tag: ProjectTag
  safeMode: SafeMode
  /** The built-in demo project, served by the embedded sandbox. */
  demo: boolean
  scopes: { read: boolean | null; write: boolean | null }
  lastCheckedAt: string | null
  key: { present: boolean; lastFour: string | null; inMemoryOnly: boolean }
  reach: ProjectReach
}

export interface UserTarget {
  id: string
  providerType: string
  identifier: string
}

/** A user as the console shows it: Appwrite's User minus the password hash. */
export interface UserRecord {
  id: string
  name: string
  email: string
  phone: string
  status: boolean
  emailVerification: boolean
  phoneVerification: boolean
  mfa: boolean
  labels: string[]
  registration: string
  passwordUpdate: string
  accessedAt: string
  createdAt: string
  updatedAt: string
  /** The hash algorithm's name (argon2, bcrypt…); null for a user without a password. */
  hash: string | null
  prefs: Record<string, unknown>
  targets: UserTarget[]
}

export interface UserPage {
  users: UserRecord[]
  /** Appwrite counts at most 5000 matches; `totalCapped` says the real number may be higher. */
  total: number
  totalCapped: boolean
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null
}

export type Shell = 'electron' | 'chromium' | 'cli'

/** Whether the OS keychain answered; when not, keys live in memory for this run and `message` says why. */
export interface KeychainState {
  available: boolean
  message: string | null
}

export interface AppInfo {
  version: string
  shell: Shell
  dataDir: string
  keychain: KeychainState
}

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
