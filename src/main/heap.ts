import { setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets the old generation grow past what survived the last full collection, in percent.
 * Left to itself V8 grows it up to fourfold when collections are cheap, as they are for a bulk job's
 * short-lived rows: a million-row import held about 120 MB of heap for 30 MB of live data, and its
 * process peaked near 400 MB. Half again keeps the peak near 250 MB at no measurable cost in speed
 * (`npm run bench:import` measures both).
 */
export const HEAP_GROWING_PERCENT = 50

/** Process-wide, so each entry point that runs a host calls it once, first thing. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
