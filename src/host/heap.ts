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

// The young generation is left at V8's default on purpose. A larger one does make the import
// cheaper: with 64 MB semi-spaces a 20,000-user run had about 22 scavenges instead of 95 and
// used about 20% less CPU a user (12% more users a second), because fewer rows in flight get
// promoted and later swept by full collections. But the million-row run then peaked at 368 MB
// (290 MB at 32, about 227 MB at the default), past or at the 300 MB bound that `bench:import`
// reports as `peak_rss_mb_1m_rows`. Nor could the app set it here: the young generation's size is
// fixed when V8 starts, and Electron takes V8 flags for its main process only on its command line.

/** Process-wide, so each entry point that runs a host calls it once, first thing. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
