/** The user browser's data beyond the list: detail tabs, writes, cross-project search, exports. */
import type { AppError } from '../errors'
import type { UserRecord } from '../models'

/** A write's result: the user as it now is (null once deleted) and the audit entry that records it. */
export interface UserWrite {
  user: UserRecord | null
  entryId: string
  /** Whether `users.undo` can reverse it (Appwrite cannot give back a password or a deleted user). */
  undoable: boolean
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
