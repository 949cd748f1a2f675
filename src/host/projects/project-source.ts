import type { ProjectView } from '@shared/models'
import type { ProjectEntry } from './registry'

/**
 * Where projects come from: the registry (stored, keys in the keychain), the built-in demo, or one
 * named by URL for a single run. What differs between them is answered here, so the service treats
 * every project alike.
 */
export interface ProjectSource {
  /** The projects a person sees in lists, in order; a source for one run lists none. */
  listed(): readonly ProjectEntry[]
  find(ref: string): ProjectEntry | undefined
  /** The key, after starting whatever the project needs first (the demo's server). Null when none is stored. */
  key(ref: string): Promise<string | null>
  /** What a view says of the key. Never starts anything: listing projects must stay cheap. */
  keyView(ref: string): Promise<ProjectView['key']>
  /** The key's last four for the audit log, or null where they identify nothing (a key made per run). */
  lastFour(key: string): string | null
  /** Why this project's definition cannot be changed in Userdeck, or null when it can. */
  readonly fixed: string | null
  readonly demo: boolean
  /** After a successful check: keep what the key may do and the server found, where the source keeps such things. */
  recordCheck(ref: string, found: Pick<ProjectEntry, 'scopes' | 'server'>): void
  /** After a check the server answered by refusing the key: it no longer counts as accepted. */
  recordRefusal(ref: string): void
  /** What to tell a person whose project has no key. */
  missingKeyMessage(): string
}

export const NO_KEY_MESSAGE = 'No API key stored for this project. Add one to connect.'

/** Enough to tell keys apart; nothing of a key so short that four characters would give much of it away. */
export function lastFourOf(key: string): string | null {
  return key.length >= 16 ? key.slice(-4) : null
}
