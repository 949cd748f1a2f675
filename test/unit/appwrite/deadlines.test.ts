import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Deadlines } from '../../../src/host/appwrite/deadlines'

describe('Deadlines', () => {
  // Time moves only when the test says: what expires does not depend on how busy the machine is.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] }))
  afterEach(() => vi.useRealTimers())

  it('expires the calls still open when their time is up, and only those', () => {
    const deadlines = new Deadlines(300)
    const expired: string[] = []
    const a = deadlines.start(() => expired.push('a'))
    deadlines.start(() => expired.push('b'))
    vi.advanceTimersByTime(150)
    const c = deadlines.start(() => expired.push('c'))
    a.end()
    vi.advanceTimersByTime(150)
    // b's time is up; a ended in time; c has 150 ms left.
    expect(expired).toEqual(['b'])
    vi.advanceTimersByTime(149)
    expect(expired).toEqual(['b'])
    vi.advanceTimersByTime(1)
    expect(expired).toEqual(['b', 'c'])
    c.end()
    expect(deadlines.pending).toBe(0)
  })

  it('keeps only the calls in flight, however many have come and gone', () => {
    const deadlines = new Deadlines(10_000)
    const open = []
    for (let i = 0; i < 100_000; i++) {
      open.push(deadlines.start(() => {}))
      if (open.length > 50) open.shift()!.end()
    }
    expect(deadlines.pending).toBeLessThanOrEqual(51)
    for (const d of open) d.end()
    expect(deadlines.pending).toBe(0)
  })

  it('ends a call that ends out of order without expiring it later', () => {
    const deadlines = new Deadlines(40)
    let expired = 0
    deadlines.start(() => expired++)
    const second = deadlines.start(() => expired++)
    second.end()
    vi.advanceTimersByTime(40)
    expect(expired).toBe(1)
    expect(deadlines.pending).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(expired).toBe(1)
  })

  it("lets go of an ended call's answer while calls started before it are still open", async () => {
    setFlagsFromString('--expose-gc')
    const gc = runInNewContext('gc') as () => void
    const deadlines = new Deadlines(10_000)
    const first = deadlines.start(() => {})
    const answered = (answer: object) => deadlines.start(() => void answer)
    let answer: object | null = { body: 'the user this call created' }
    const held = new WeakRef(answer)
    answered(answer).end()
    answer = null
    // A WeakRef keeps its object until the task that made it ends.
    await new Promise((resolve) => setImmediate(resolve))
    gc()
    // The ended deadline is still queued, behind `first`, but holds nothing of its call.
    expect(deadlines.pending).toBe(2)
    expect(held.deref()).toBeUndefined()
    first.end()
  })
})
