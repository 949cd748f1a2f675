/** Labels with their user counts, as the Labels screen shows them. */

export interface LabelCount {
  label: string
  users: number
}

export interface LabelOverview {
  labels: LabelCount[]
  /** Users read to count them. */
  scannedUsers: number
  scannedAt: string
}

export type LabelOp = 'add' | 'remove' | 'set' | 'rename'
