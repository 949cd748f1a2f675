import { describe, expect, it } from 'vitest'
import { setTimeout as sleep } from 'node:timers/promises'
import { Deadlines } from '../../../src/host/appwrite/deadlines'

describe('Deadlines', () => {
  it('expires the calls still open when their time is up, and only those', async () => {
    // Wide margins: a loaded machine fires timers late.
    const deadlines = new Deadlines(300)
    const expired: string[] = []
    const a = deadlines.start(() => expired.push('a'))
    deadlines.start(() => expired.push('b'))
    await sleep(150)
    const c = deadlines.start(() => expired.push('c'))
    a.end()
    await sleep(230)
    // b's time is up; a ended in time; c has 70 ms left.
    expect(expired).toEqual(['b'])
    await sleep(250)
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

  it('ends a call that ends out of order without expiring it later', async () => {
    const deadlines = new Deadlines(40)
    let expired = 0
    deadlines.start(() => expired++)
    const second = deadlines.start(() => expired++)
    second.end()
    await sleep(70)
    expect(expired).toBe(1)
    expect(deadlines.pending).toBe(0)
  })
})
