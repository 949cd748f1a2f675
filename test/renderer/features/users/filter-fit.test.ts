import { describe, expect, it } from 'vitest'
import { filtersInBar } from '../../../../src/renderer/src/features/users/filter-fit'

const widths = [120, 140, 130, 150]
const room = { lead: 240, more: 130, tail: 110, gap: 10 }

describe('filtersInBar', () => {
  it('keeps every filter in the bar, and no "More filters", when the row has room for all', () => {
    // The search box, each filter and "Clear filters", with a gap after all but the last.
    expect(filtersInBar(widths, { ...room, width: 240 + 10 + (120 + 140 + 130 + 150 + 4 * 10) + 110 })).toBe(
      4,
    )
  })

  it('folds from the end, keeping room for "More filters", when it has not', () => {
    expect(filtersInBar(widths, { ...room, width: 939 })).toBe(3)
    // 1024 px window: the bar is about 790 px wide.
    expect(filtersInBar(widths, { ...room, width: 790 })).toBe(2)
    expect(filtersInBar(widths, { ...room, width: 640 })).toBe(1)
  })

  it('folds them all when the search box alone fills the row', () => {
    expect(filtersInBar(widths, { ...room, width: 300 })).toBe(0)
  })

  it('has no search box to keep room for in the bulk form', () => {
    expect(filtersInBar(widths, { ...room, lead: 0, width: 690 })).toBe(4)
  })
})
