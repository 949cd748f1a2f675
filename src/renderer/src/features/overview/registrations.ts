import type { ProjectStats } from '@shared/models/stats'

/**
 * Registrations per UTC day (as the host counts them) shaped for a chart: a range of days, bars per
 * day or per week, and every bucket present, those without a registration as 0. Days are
 * `YYYY-MM-DD` strings throughout; dates are worked out in UTC so no time zone shifts a day.
 */

export type Granularity = 'day' | 'week'
export const rangePresets = ['30d', '90d', '365d', 'all'] as const
export type RangePreset = (typeof rangePresets)[number]

/** Inclusive, both ends. */
export interface DayRange {
  from: string
  to: string
}

export interface Bucket {
  /** The bucket's first day: the day itself, or the Monday its week begins on. */
  start: string
  users: number
}

type Registrations = ProjectStats['registrations']

const DAY_MS = 86_400_000
const presetDays: Record<Exclude<RangePreset, 'all'>, number> = { '30d': 30, '90d': 90, '365d': 365 }

const toMs = (day: string): number => Date.parse(`${day}T00:00:00Z`)
const toDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
export const addDays = (day: string, n: number): string => toDay(toMs(day) + n * DAY_MS)

/** Today as a UTC day. */
export const utcToday = (now = new Date()): string => now.toISOString().slice(0, 10)

/** The Monday of the ISO week `day` falls in. */
export function weekStart(day: string): string {
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7 // Monday 0 … Sunday 6
  return addDays(day, -weekday)
}

/** The days a preset covers, ending today; `all` starts at the first registration (or today). */
export function presetRange(preset: RangePreset, registrations: Registrations, today: string): DayRange {
  if (preset === 'all') {
    const first = registrations[0]?.day
    return { from: first && first < today ? first : today, to: today }
  }
  return { from: addDays(today, -(presetDays[preset] - 1)), to: today }
}

/** Bars per day read well up to a quarter; beyond that, per week. */
export function naturalGranularity(range: DayRange): Granularity {
  return daysIn(range) > 92 ? 'week' : 'day'
}

export function daysIn(range: DayRange): number {
  return Math.max(0, Math.round((toMs(range.to) - toMs(range.from)) / DAY_MS) + 1)
}

/**
 * Where the chart opens: the last 90 days when anyone registered in them, else everything, so a
 * project whose sign-ups stopped a while ago does not open on an empty chart.
 */
export function defaultPreset(registrations: Registrations, today: string): RangePreset {
  const { from } = presetRange('90d', registrations, today)
  return registrations.some((r) => r.day >= from && r.day <= today) ? '90d' : 'all'
}

/**
 * One bucket per day or week of the range, oldest first. A week cut by either end of the range
 * counts only the days inside it; its bucket still starts on its Monday.
 */
export function bucketRegistrations(
  registrations: Registrations,
  range: DayRange,
  granularity: Granularity,
): Bucket[] {
  if (range.from > range.to) return []
  const keyOf = granularity === 'day' ? (day: string) => day : weekStart
  const step = granularity === 'day' ? 1 : 7
  const counts = new Map<string, number>()
  for (let start = keyOf(range.from); start <= range.to; start = addDays(start, step)) counts.set(start, 0)
  for (const { day, users } of registrations) {
    if (day < range.from || day > range.to) continue
    const key = keyOf(day)
    counts.set(key, (counts.get(key) ?? 0) + users)
  }
  return [...counts].map(([start, users]) => ({ start, users }))
}

/** How many registered in the range. */
export function registeredIn(registrations: Registrations, range: DayRange): number {
  return registrations.reduce((n, r) => (r.day >= range.from && r.day <= range.to ? n + r.users : n), 0)
}

const dayFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})

/** A day as people read it ("4 Mar 2024"), in UTC like the counts. */
export function formatDay(day: string): string {
  return dayFormat.format(toMs(day))
}
