import { setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets the old generation grow past what survived the last full collection, in percent.
 * Left to itself V8 grows it up to fourfold when collections are cheap, as they are for a bulk job's
 * short-lived rows: a million-row import held about 120 MB of heap for 30 MB of live data, and its
 * process peaked between 310 and 420 MB. Measured on an import (`npm run bench:import` and its
 * million-row run): at 75 the peak stays near 260 MB for about 2% fewer users a second; at 50 it was
 * near 250 MB but 6% slower; at 100 it was as fast as with no limit but sometimes above 300 MB.
 */
export const HEAP_GROWING_PERCENT = 75

/** Process-wide, so each entry point that runs a host calls it once, first thing. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
