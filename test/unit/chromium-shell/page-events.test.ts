import { describe, expect, it } from 'vitest'
import { PageEvents } from '../../../src/chromium/page-events'

/** Long enough that no ask in these tests ends by its timer: each ends by what the test does. */
const POLL_MS = 60_000

describe("the browser shell's event long poll", () => {
  it('answers an ask at once with what is queued, else with the next event', async () => {
    const events = new PageEvents(POLL_MS)
    events.push('a', 1)
    expect(await events.next()).toEqual([['a', 1]])
    const asked = events.next()
    events.push('b', 2)
    expect(await asked).toEqual([['b', 2]])
    events.close()
  })

  it("an ask left waiting by a page that reloaded ends empty, and the new document's asks get every event", async () => {
    const events = new PageEvents(POLL_MS)
    const stale = events.next()
    events.navigated()
    expect(await stale).toEqual([])
    // The new document asks and is answered; between two of its asks a job's last events come, with
    // nobody waiting for them. They stay for its next ask.
    const first = events.next()
    events.push('jobs.changed', { state: 'running' })
    expect(await first).toEqual([['jobs.changed', { state: 'running' }]])
    events.push('jobs.changed', { state: 'completed' })
    expect(await events.next()).toEqual([['jobs.changed', { state: 'completed' }]])
    events.close()
  })

  it("a stale ask still waiting when the new document's ask is answered does not take its events", async () => {
    const events = new PageEvents(POLL_MS)
    // An ask made just before the navigation reached the shell: it belongs to the old document.
    const stale = events.next()
    const fresh = (async () => {
      await Promise.resolve()
      events.navigated()
      return events.next()
    })()
    expect(await stale).toEqual([])
    events.push('jobs.changed', { state: 'completed' })
    expect(await fresh).toEqual([['jobs.changed', { state: 'completed' }]])
    events.close()
  })

  it('ends every waiting ask, empty, when the shell closes', async () => {
    const events = new PageEvents(POLL_MS)
    const asked = events.next()
    events.close()
    expect(await asked).toEqual([])
  })
})
