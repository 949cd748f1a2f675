import type { ProjectStats } from '@shared/models/stats'
import { recentTime } from '@shared/clock'

export type FigureKey = 'users' | 'blocked' | 'unverified' | 'anonymous' | 'mfa' | 'labelled'

/** The key figures, in the order both the Overview and the fleet view show them. */
export const figures: { key: FigureKey; label: string; hint: string }[] = [
  { key: 'users', label: 'Users', hint: 'Every user of the project' },
  { key: 'blocked', label: 'Blocked', hint: 'Status off: they cannot sign in' },
  { key: 'unverified', label: 'Unverified', hint: 'Neither email nor phone verified' },
  { key: 'anonymous', label: 'Anonymous', hint: 'Neither an email nor a phone' },
  { key: 'mfa', label: 'With MFA', hint: 'Multi-factor authentication on' },
  { key: 'labelled', label: 'With labels', hint: 'At least one label' },
]

/** A share of all users, as people read it: "3.2%", "<0.1%" rather than a misleading 0. */
export function share(part: number, whole: number): string {
  if (whole === 0 || part === 0) return '0%'
  const pct = (part / whole) * 100
  if (pct < 0.1) return '<0.1%'
  return `${pct < 10 ? pct.toFixed(1) : Math.round(pct)}%`
}

/** When figures were counted: the time alone today, the date and time before. */
export function countedText(stats: Pick<ProjectStats, 'countedAt'>, now = new Date()): string {
  return `counted ${recentTime(stats.countedAt, now)}`
}

/** How the host counted, in a sentence. */
export function methodText(stats: Pick<ProjectStats, 'method'>): string {
  return stats.method === 'total'
    ? 'Counted with Appwrite’s own totals, and one pass over every user for MFA, labels and registrations.'
    : 'Counted in one pass over every user: Appwrite’s own totals stop at 5,000.'
}
