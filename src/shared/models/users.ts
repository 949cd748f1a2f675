/** Users as the console shows them: the list, the detail tabs, writes, cross-project search, exports. */
import type { AppError, ErrorCode } from '../errors'

/** A messaging target (where Appwrite's Messaging sends): an email, a phone number or a push token. */
export interface UserTarget {
  id: string
  providerType: string
  identifier: string
  name: string
  /** Null when Appwrite sends through the project's first provider of that type. */
  providerId: string | null
  /** Appwrite marks a target expired when a provider reports it no longer reachable. */
  expired: boolean
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
  /** May act as other users of the project; false where the server predates impersonation (1.9). */
  impersonator: boolean
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
  /**
   * Appwrite counts at most 5000 matches; `totalCapped` says the real number may be higher (with the
   * no-sessions filter, which Appwrite cannot count, `total` is what was found so far).
   */
  total: number
  totalCapped: boolean
  /** Pass as `cursor` to get the next page; null on the last page. */
  nextCursor: string | null
  /**
   * Pass as `offset` with `nextCursor`: where the next page starts, for when Appwrite refuses the
   * cursor. With the no-sessions filter it counts the users looked at, not the users shown. Null on
   * the last page, or when the request's own offset was not given.
   */
  nextOffset: number | null
}

/** A write's result: the user as it now is (null once deleted) and the audit entry that records it. */
export interface UserWrite {
  user: UserRecord | null
  entryId: string
  /** Whether `activity.undo` can reverse it (Appwrite cannot give back a password or a deleted user). */
  undoable: boolean
  /** Set when some fields were saved and one was refused: `user` and the entry hold the saved ones. */
  partial?: PartialSave
}

/** Some fields of one save were written and one was refused: which, and why, in one sentence. */
export interface PartialSave {
  saved: string[]
  failed: string
  /** The fields after the refused one, not tried. */
  notTried: string[]
  /** "Saved name. Email not saved: Another user already has this email address." */
  message: string
  /** The refused field's error code. */
  code: ErrorCode
  /** The user who already has the refused email or phone, as `AppError.holder`. */
  holder?: string
}

export interface UserLog {
  event: string
  time: string
  ip: string
  clientName: string
  osName: string
  deviceName: string
  countryName: string
}

export interface UserMembership {
  id: string
  teamId: string
  teamName: string
  roles: string[]
  joined: string
  confirm: boolean
}

export interface UserIdentity {
  id: string
  provider: string
  providerUid: string
  providerEmail: string
  createdAt: string
}

export interface UserMfa {
  enabled: boolean
  factors: { totp: boolean; phone: boolean; email: boolean; recoveryCode: boolean }
}

/** One project's answer to a cross-project search. */
export interface CrossProjectHits {
  project: string
  state: 'ok' | 'error' | 'timeout'
  users: UserRecord[]
  total: number
  ms: number
  error: AppError | null
}

export interface CrossProjectSearch {
  searchId: string
  results: CrossProjectHits[]
}

export interface UserExportProgress {
  exportId: string
  rows: number
  /** Appwrite's count (capped at 5000), for a progress bar; null until the first page. */
  total: number | null
  totalCapped: boolean
  done: boolean
}

export interface UserExportDone {
  exportId: string
  path: string
  rows: number
  bytes: number
  /** The file holds password hashes: readable by its owner only, and worth deleting after use. */
  containsHashes: boolean
}
