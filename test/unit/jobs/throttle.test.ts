import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Throttle } from '../../../src/host/jobs/throttle'

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('sends at most once an interval, and the last one asked for is sent when it is up', () => {
    let sent = 0
    const throttle = new Throttle(() => sent++, 100)
    throttle.ask(false)
    expect(sent).toBe(1)
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(5)
      throttle.ask(false)
    }
    expect(sent).toBe(1)
    vi.advanceTimersByTime(50)
    expect(sent).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(sent).toBe(2)
  })

  it('sends a change asked for now at once, in place of the one waiting', () => {
    let sent = 0
    const throttle = new Throttle(() => sent++, 100)
    throttle.ask(false)
    vi.advanceTimersByTime(10)
    throttle.ask(false)
    throttle.ask(true)
    expect(sent).toBe(2)
    vi.advanceTimersByTime(1000)
    expect(sent).toBe(2)
  })

  it('sends nothing more once cancelled', () => {
    let sent = 0
    const throttle = new Throttle(() => sent++, 100)
    throttle.ask(false)
    throttle.ask(false)
    throttle.cancel()
    vi.advanceTimersByTime(1000)
    expect(sent).toBe(1)
  })
})
