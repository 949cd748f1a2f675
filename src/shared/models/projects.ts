import type { AppwriteServer } from '../appwrite-versions'

/** Projects as the registry stores them and as the window sees them. Never a key. */

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

/**
 * What a write asks of the person before it is made: `name`, the project's name typed (a destructive
 * action on production); `confirmation`, the one question of a project whose safe mode confirms every
 * write. Either is answered by sending the project's name as `confirm`.
 */
export type ConfirmationAsked = 'name' | 'confirmation'

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

/** A project as the registry stores it (`projects.json`). No key: keys live in the keychain under the entry's id. */
export interface ProjectEntry {
  id: string
  name: string
  endpoint: string
  projectId: string
  colour: string
  tag: ProjectTag
  safeMode: SafeMode
  scopes: { read: boolean | null; write: boolean | null }
  lastCheckedAt: string | null
  /** The Appwrite server its last check found (version, Cloud or not); null before one answered. */
  server: AppwriteServer | null
}

/** Where a project is, without its key: what a job on a project named by its address keeps of it. */
export interface ProjectConnection {
  endpoint: string
  projectId: string
}

/** What the renderer may know of a project: its entry, and of the key only whether one is there and its last four. */
export interface ProjectView extends ProjectEntry {
  /** The built-in demo project, served by the embedded sandbox. */
  demo: boolean
  key: { present: boolean; lastFour: string | null; inMemoryOnly: boolean }
  reach: ProjectReach
}
