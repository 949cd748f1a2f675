import { randomBytes } from 'node:crypto'

/** Appwrite's datetime format: milliseconds and a numeric offset, e.g. 2024-05-01T12:34:56.789+00:00. */
export function isoDate(ms: number = Date.now()): string {
  return new Date(ms).toISOString().replace('Z', '+00:00')
}

let lastMicros = 0

/** Like PHP's uniqid() (13 hex chars of the microsecond clock) followed by 7 random hex chars. */
export function uniqueId(): string {
  let micros = Date.now() * 1000
  // Several ids within one millisecond still get increasing clocks, as uniqid's microseconds would.
  if (micros <= lastMicros) micros = lastMicros + 1
  lastMicros = micros
  const seconds = Math.floor(micros / 1_000_000)
  const usec = micros % 1_000_000
  return (
    seconds.toString(16).padStart(8, '0') +
    usec.toString(16).padStart(5, '0') +
    randomBytes(4).toString('hex').slice(0, 7)
  )
}

export function randomHex(length: number): string {
  return randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length)
}
