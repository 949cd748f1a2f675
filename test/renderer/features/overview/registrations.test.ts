import { describe, expect, it } from 'vitest'
import {
  bucketRegistrations,
  daysIn,
  defaultPreset,
  naturalGranularity,
  presetRange,
  registeredIn,
  weekStart,
} from '@renderer/features/overview/registrations'

const regs = [
  { day: '2026-11-01', users: 2 }, // Sunday
  { day: '2026-11-02', users: 3 }, // Monday
  { day: '2026-11-08', users: 1 }, // Sunday
  { day: '2026-11-09', users: 4 }, // Monday
  { day: '2026-11-30', users: 5 }, // Monday
]

describe('registrations shaped for the Overview chart', () => {
  it('finds the Monday of a day’s week, across months and years', () => {
    expect(weekStart('2026-11-02')).toBe('2026-11-02')
    expect(weekStart('2026-11-08')).toBe('2026-11-02')
    expect(weekStart('2026-12-02')).toBe('2026-11-30')
    expect(weekStart('2027-01-01')).toBe('2026-12-28')
  })

  it('gives one bar per day, with the days nobody registered as 0', () => {
    expect(bucketRegistrations(regs, { from: '2026-11-01', to: '2026-11-04' }, 'day')).toEqual([
      { start: '2026-11-01', users: 2 },
      { start: '2026-11-02', users: 3 },
      { start: '2026-11-03', users: 0 },
      { start: '2026-11-04', users: 0 },
    ])
  })

  it('sums a week from Monday to Sunday, and counts only the days inside the range', () => {
    expect(bucketRegistrations(regs, { from: '2026-11-01', to: '2026-11-30' }, 'week')).toEqual([
      { start: '2026-10-26', users: 2 },
      { start: '2026-11-02', users: 4 },
      { start: '2026-11-09', users: 4 },
      { start: '2026-11-16', users: 0 },
      { start: '2026-11-23', users: 0 },
      { start: '2026-11-30', users: 5 },
    ])
    // The first week cut by the range: Sunday the 1st is outside it, Monday the 2nd inside.
    expect(bucketRegistrations(regs, { from: '2026-11-02', to: '2026-11-10' }, 'week')).toEqual([
      { start: '2026-11-02', users: 4 },
      { start: '2026-11-09', users: 4 },
    ])
  })

  it('loses no registration: the buckets add up to what registered in the range', () => {
    const range = { from: '2026-11-02', to: '2026-11-29' }
    for (const g of ['day', 'week'] as const)
      expect(bucketRegistrations(regs, range, g).reduce((n, b) => n + b.users, 0)).toBe(
        registeredIn(regs, range),
      )
    expect(registeredIn(regs, range)).toBe(8)
  })

  it('gives nothing for a range that ends before it starts', () => {
    expect(bucketRegistrations(regs, { from: '2026-11-05', to: '2026-11-01' }, 'day')).toEqual([])
  })

  it('reads presets as days ending today, and "all" from the first registration', () => {
    expect(presetRange('30d', regs, '2026-12-02')).toEqual({ from: '2026-11-03', to: '2026-12-02' })
    expect(daysIn(presetRange('30d', regs, '2026-12-02'))).toBe(30)
    expect(presetRange('all', regs, '2026-12-02')).toEqual({ from: '2026-11-01', to: '2026-12-02' })
    expect(presetRange('all', [], '2026-12-02')).toEqual({ from: '2026-12-02', to: '2026-12-02' })
  })

  it('opens on the last 90 days, unless nobody registered in them', () => {
    expect(defaultPreset(regs, '2026-12-02')).toBe('90d')
    expect(defaultPreset(regs, '2028-01-01')).toBe('all')
    expect(defaultPreset([], '2026-12-02')).toBe('all')
  })

  it('draws a bar per day up to a quarter, per week beyond', () => {
    expect(naturalGranularity({ from: '2026-09-01', to: '2026-12-01' })).toBe('day')
    expect(naturalGranularity({ from: '2025-12-01', to: '2026-12-01' })).toBe('week')
  })
})
