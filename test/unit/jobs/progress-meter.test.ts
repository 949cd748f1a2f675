import { describe, expect, it } from 'vitest'
import { ProgressMeter } from '../../../src/host/jobs/progress-meter'

/** A meter on a clock the test moves. */
function meter() {
  let now = 1_000_000
  const m = new ProgressMeter(() => now)
  return { m, at: (ms: number) => (now = ms), advance: (ms: number) => (now += ms) }
}

describe('ProgressMeter', () => {
  it('measures rows a second and the time left, and knows nothing before a second sample', () => {
    const { m, advance } = meter()
    expect(m.pace(100)).toEqual({ rate: 0, etaSeconds: null })
    m.record(0)
    advance(1000)
    m.record(50)
    expect(m.pace(100)).toEqual({ rate: 50, etaSeconds: 2 })
    expect(m.pace(null)).toEqual({ rate: 50, etaSeconds: null })
  })

  it('keeps one sample per 100 ms however many rows end in it', () => {
    const { m, advance } = meter()
    m.record(0)
    advance(200)
    m.record(10)
    for (let i = 11; i <= 40; i++) {
      advance(1)
      m.record(i)
    }
    // 40 rows over 230 ms, the last sample moved along rather than 30 more pushed.
    expect(m.pace(0).rate).toBeCloseTo(173.9, 1)
  })

  it('measures over the last five seconds, so a slowdown shows', () => {
    const { m, advance } = meter()
    m.record(0)
    advance(1000)
    m.record(1000)
    for (let s = 0; s < 6; s++) {
      advance(1000)
      m.record(1000 + (s + 1) * 10)
    }
    expect(m.pace(0).rate).toBeLessThan(20)
  })

  it('counts retries, and starts afresh on reset', () => {
    const { m, advance } = meter()
    m.record(0)
    advance(1000)
    m.record(10)
    m.retried()
    m.retried()
    expect(m.retries).toBe(2)
    m.reset()
    expect(m.retries).toBe(0)
    expect(m.pace(5)).toEqual({ rate: 0, etaSeconds: null })
  })
})
