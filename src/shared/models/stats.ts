/** A project at a glance, as counted by Userdeck. */
/**
 * How many users a project's last finished count found, and when: the users list shows it where
 * Appwrite's own total stops at its cap ("5,000+").
 */
export interface CountedUsers {
  users: number
  countedAt: string
}

export interface ProjectStats {
  project: string
  /** When the figures were counted; they are cached with this time. */
  countedAt: string
  /** How: Appwrite's own `total` where it is below its cap (5,000), else a scan of every user. */
  method: 'total' | 'scan'
  users: number
  blocked: number
  /** Neither email nor phone verified. */
  unverified: number
  /** Neither an email nor a phone. */
  anonymous: number
  mfa: number
  labelled: number
  labels: { label: string; users: number }[]
  /** Registrations per UTC day (YYYY-MM-DD), oldest first, days with none left out. */
  registrations: { day: string; users: number }[]
}
