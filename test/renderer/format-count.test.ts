import { describe, expect, it } from 'vitest'
import { formatCount, formatRate } from '@renderer/format-count'

describe("a job's pace, as shown", () => {
  it('is whole rows a second, written as every count is: the dialog, the Jobs list and the import alike', () => {
    expect(formatRate(379.7)).toBe('380/s')
    expect(formatRate(0)).toBe('0/s')
    // In the machine's locale, as formatCount writes 1,680 ("1,680/s" in English).
    expect(formatRate(1680.2)).toBe(`${formatCount(1680)}/s`)
  })
})
