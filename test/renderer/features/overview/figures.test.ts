import { describe, expect, it } from 'vitest'
import { countedText, share } from '@renderer/features/overview/figures'

describe('the Overview’s figures in words', () => {
  it('gives a share of all users without a misleading 0', () => {
    expect(share(0, 120)).toBe('0%')
    expect(share(5, 0)).toBe('0%')
    expect(share(1, 100_000)).toBe('<0.1%')
    expect(share(2, 120)).toBe('1.7%')
    expect(share(50, 120)).toBe('42%')
    expect(share(120, 120)).toBe('100%')
  })

  it('says the time alone for figures counted today, and the date before that', () => {
    const now = new Date(2026, 11, 2, 15, 0)
    const today = countedText({ countedAt: new Date(2026, 11, 2, 9, 5).toISOString() }, now)
    const earlier = countedText({ countedAt: new Date(2026, 10, 30, 9, 5).toISOString() }, now)
    expect(today).toMatch(/^counted \D*9\D05/)
    expect(today).not.toMatch(/2026/)
    expect(earlier).toMatch(/2026/)
  })
})
