import type { AppwriteServer } from '../appwrite-versions'

/** Projects as the registry stores them and as the window sees them. Never a key. */

export const projectTags = ['production', 'staging', 'development', 'demo'] as const
export type ProjectTag = (typeof projectTags)[number]

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
  readOnly: boolean
  scopes: { read: boolean | null; write: boolean | null }
  lastCheckedAt: string | null
  /** The Appwrite server its last check found (version, Cloud or not); null before one answered. */
  server: AppwriteServer | null
}

/** What the renderer may know of a project: its entry, and of the key only whether one is there and its last four. */
export interface ProjectView extends ProjectEntry {
  /** The built-in demo project, served by the embedded sandbox. */
  demo: boolean
  key: { present: boolean; lastFour: string | null; inMemoryOnly: boolean }
  reach: ProjectReach
}
