/**
 * How the window writes a count: in the machine's locale ("1,200" in English), by one formatter on
 * every screen, so a job's dialog and the Overview never write the same number two ways.
 */
const counts = new Intl.NumberFormat()

export function formatCount(n: number): string
export function formatCount(n: number | null | undefined): string | undefined
export function formatCount(n: number | null | undefined): string | undefined {
  return n === null || n === undefined ? undefined : counts.format(n)
}

/** A job's pace, in whole rows a second: "1,680/s", never "379.7/s". */
export function formatRate(rowsPerSecond: number): string {
  return `${formatCount(Math.round(rowsPerSecond))}/s`
}
