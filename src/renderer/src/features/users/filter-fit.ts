/**
 * How many of the Users filters stand in the bar, the rest folded under "More filters". The bar is one
 * row at any width: at 1024 px its ten filters took three rows and left the list five users. Filters
 * keep their order (most used first), so the ones in the bar change only at the end of the row as
 * the window is resized.
 */
export interface BarRoom {
  /** The bar's width, in px. */
  width: number
  /** Kept for what comes before the filters (the search box's least width), 0 for none. */
  lead: number
  /** Kept for "More filters" when some are folded. */
  more: number
  /** Kept at the end whether or not it shows ("Clear filters"), so a filter set does not fold another. */
  tail: number
  /** Between two items of the row. */
  gap: number
}

/** The number of filters, of these widths in this order, that fit in the bar's row. */
export function filtersInBar(widths: readonly number[], room: BarRoom): number {
  const fixed = (room.lead ? room.lead + room.gap : 0) + room.tail
  const span = (n: number) => widths.slice(0, n).reduce((sum, w) => sum + w + room.gap, 0)
  if (span(widths.length) + fixed <= room.width) return widths.length
  const left = room.width - fixed - room.more - room.gap
  let n = 0
  while (n < widths.length && span(n + 1) <= left) n++
  return n
}
