/** Bulk user actions beyond labels and sessions: delete with restore copies, status and verification. */

/** A field change a bulk job can make on every selected user; each is audited and can be undone. */
export const bulkUserChanges = [
  'block',
  'unblock',
  'verifyEmail',
  'unverifyEmail',
  'verifyPhone',
  'unverifyPhone',
] as const
export type BulkUserChange = (typeof bulkUserChanges)[number]

/** What a delete job kept to bring its users back. */
export interface RestoreInfo {
  /** Users with a sealed restore copy. */
  kept: number
  /** When the copies are removed for good; null when none were kept. */
  expiresAt: string | null
  /** The copies' file in the data folder (AES-256-GCM, key in the OS keychain); null when none. */
  path: string | null
}
