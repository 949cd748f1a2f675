// How a moment is written, in the window and the CLI alike: in this machine's locale and time zone,
// as the rest of the desktop writes it (a 24-hour clock where the system has one), one format per use.
// The registrations chart is the one exception: its days are UTC days, as the counts are.

const formats = {
  time: new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }),
  timeWithSeconds: new Intl.DateTimeFormat(undefined, {
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
  }),
  day: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' }),
  dayAndTime: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
  exact: new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }),
}

/** An ISO time as a Date, or null when there is none (Appwrite writes '' for "never"). */
function parse(iso: string): Date | null {
  if (!iso) return null
  const at = new Date(iso)
  return Number.isNaN(at.getTime()) ? null : at
}

const write = (format: Intl.DateTimeFormat, iso: string) => {
  const at = parse(iso)
  return at ? format.format(at) : '—'
}

/** The time of day ("14:05", "2:05 PM"), with seconds when a person may wait on it. */
export function clockTime(iso: string, { seconds = false } = {}): string {
  return write(seconds ? formats.timeWithSeconds : formats.time, iso)
}

/** The day alone ("6 Dec 2026"): when a user registered, when a copy expires. */
export const dayText = (iso: string): string => write(formats.day, iso)

/** The day and the time to the minute: a session's start, a log entry. */
export const dayAndTime = (iso: string): string => write(formats.dayAndTime, iso)

/** To the second: the audit trail, an expiry, the title behind a shorter time. */
export const exactTime = (iso: string): string => write(formats.exact, iso)

/** The time alone for today, the day and time before it: when something was counted, checked or started. */
export function recentTime(iso: string, now = new Date()): string {
  const at = parse(iso)
  if (!at) return '—'
  return (at.toDateString() === now.toDateString() ? formats.time : formats.dayAndTime).format(at)
}

/**
 * How long something took, to the second under an hour and to the minute past it: '12 s',
 * '3 min 12 s', '2 h 5 min'; a negative or unknown span is none.
 */
export function durationText(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—'
  if (ms < 1000) return 'under a second'
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`
  const hours = Math.floor(minutes / 60)
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
}

/**
 * How long a job has left, as `durationText` writes how long one took, so the window and the command
 * line write one time one way: '26 h 17 min', '42 s'. An estimate is never under a second; none is '—'.
 */
export function etaText(seconds: number | null): string {
  return seconds === null ? '—' : durationText(Math.max(1, seconds) * 1000)
}
