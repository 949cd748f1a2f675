import { describe, expect, it } from 'vitest'
import { clockTime, dayAndTime, dayText, durationText, etaText, exactTime, recentTime } from '@shared/clock'
import { pauseSentence } from '@shared/job-pause'

const at = new Date(2026, 11, 6, 14, 5, 9).toISOString()

describe('how the window and the CLI write a moment', () => {
  it('writes every time of day in one clock, whatever the format around it', () => {
    const time = clockTime(at)
    expect(time).toMatch(/\d:05/)
    expect(time).not.toMatch(/:09/)
    expect(clockTime(at, { seconds: true })).toMatch(/:05:09/)
    expect(dayAndTime(at)).toContain(time)
    expect(exactTime(at)).toContain(clockTime(at, { seconds: true }))
    const pause = { reason: 'unreachable', since: at, nextCheckAt: null } as const
    expect(pauseSentence({ projectName: 'Shop', pause })).toContain(`unreachable since ${time}.`)
  })

  it('gives the time alone for today and the day with it before', () => {
    const evening = new Date(2026, 11, 6, 23, 59)
    expect(recentTime(at, evening)).toBe(clockTime(at))
    const tomorrow = new Date(2026, 11, 7, 0, 1)
    expect(recentTime(at, tomorrow)).toBe(dayAndTime(at))
    expect(recentTime(at, tomorrow)).toMatch(/2026/)
    expect(dayText(at)).toMatch(/2026/)
    expect(dayText(at)).not.toContain(clockTime(at))
  })

  it('writes a dash for a time that is not there (Appwrite writes "" for never)', () => {
    for (const write of [clockTime, dayText, dayAndTime, exactTime, recentTime])
      for (const nothing of ['', 'not a date']) expect(write(nothing)).toBe('—')
  })
})

describe('how long something took', () => {
  it('writes seconds under a minute, minutes and seconds under an hour, hours and minutes past it', () => {
    expect(durationText(400)).toBe('under a second')
    expect(durationText(12_400)).toBe('12 s')
    expect(durationText(192_000)).toBe('3 min 12 s')
    expect(durationText(180_000)).toBe('3 min')
    expect(durationText(7_530_000)).toBe('2 h 5 min')
    expect(durationText(3_600_000)).toBe('1 h')
  })

  it('writes a dash for a span that is not one', () => {
    for (const nothing of [-1, Number.NaN]) expect(durationText(nothing)).toBe('—')
  })

  it('writes the time a job has left as it writes the time one took, in minutes and hours past a minute', () => {
    expect(etaText(null)).toBe('—')
    expect(etaText(0)).toBe('1 s')
    expect(etaText(42)).toBe('42 s')
    expect(etaText(1438)).toBe('23 min 58 s')
    expect(etaText(3600)).toBe('1 h')
    expect(etaText(94_620)).toBe('26 h 17 min')
  })
})
