import { setFlagsFromString } from 'node:v8'

/**
 * How far V8 lets the old generation grow past what survived the last full collection, in percent.
 * Left to itself V8 grows it up to fourfold when collections are cheap, as they are for a bulk job's
 * short-lived rows: a million-row import held about 120 MB of heap for 30 MB of live data. Measured
 * on an import (`npm run bench:import` and its million-row run): 100 is as fast as no limit, 75 was
 * about 2% slower and 50 about 6%. The million-row job's peak, since its dry run stopped keeping a
 * fingerprint per row: 226 to 239 MB at 100, 221 to 228 at 75, 276 to 287 with no limit (it was
 * 310 to 420 MB with no limit before, when 75 was chosen to stay under the 300 MB bound).
 */
export const HEAP_GROWING_PERCENT = 100

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
