import { describe, expect, it } from 'vitest'
import { clockTime, dayAndTime } from '@shared/clock'
import { finishedParts, jobStateColour } from '@renderer/features/jobs/job-figures'

const counts = (done: number, skipped: number, failed: number) => ({
  total: done + skipped + failed,
  done,
  skipped,
  failed,
})

describe("a job's state and time left, as shown", () => {
  it('colours a completed job by how it went: every row, some failed, all failed', () => {
    expect(jobStateColour({ state: 'completed', counts: counts(10, 2, 0) })).toBe('teal')
    expect(jobStateColour({ state: 'completed', counts: counts(10, 0, 3) })).toBe('orange')
    expect(jobStateColour({ state: 'completed', counts: counts(0, 0, 1243) })).toBe('red')
    expect(jobStateColour({ state: 'running', counts: counts(0, 0, 5) })).toBe('blue')
  })
})

describe('when an ended job finished, and how long it took', () => {
  const startedAt = new Date(2026, 11, 6, 14, 29, 0).toISOString()
  const finishedAt = new Date(2026, 11, 6, 14, 32, 12).toISOString()

  it('gives the time it finished and the time it took from its start', () => {
    const evening = new Date(2026, 11, 6, 20, 0)
    expect(finishedParts({ startedAt, finishedAt, runMs: 192_000 }, evening)).toEqual([
      `Finished ${clockTime(finishedAt)}`,
      'took 3 min 12 s',
    ])
  })

  it('says how long one paused on the way ran, and how long it took in all', () => {
    const nextDay = new Date(2026, 11, 7, 9, 0)
    const overnight = new Date(2026, 11, 7, 4, 34, 0).toISOString()
    expect(finishedParts({ startedAt, finishedAt: overnight, runMs: 192_400 }, nextDay)).toEqual([
      `Finished ${clockTime(overnight)}`,
      'ran 3 min 12 s',
      '14 h 5 min in all',
    ])
  })

  it('takes a job from before its running time was kept, or clocks under a second apart, as never paused', () => {
    const evening = new Date(2026, 11, 6, 20, 0)
    for (const runMs of [null, 191_200])
      expect(finishedParts({ startedAt, finishedAt, runMs }, evening)).toEqual([
        `Finished ${clockTime(finishedAt)}`,
        'took 3 min 12 s',
      ])
  })

  it('names the day of one finished before today', () => {
    const nextDay = new Date(2026, 11, 7, 9, 0)
    expect(finishedParts({ startedAt, finishedAt, runMs: 192_000 }, nextDay)).toEqual([
      `Finished ${dayAndTime(finishedAt)}`,
      'took 3 min 12 s',
    ])
  })

  it('says nothing until it has finished, and no time taken for one cancelled before it ran', () => {
    expect(finishedParts({ startedAt, finishedAt: null, runMs: null })).toEqual([])
    expect(finishedParts({ startedAt: null, finishedAt, runMs: null }, new Date(2026, 11, 6, 20, 0))).toEqual(
      [`Finished ${clockTime(finishedAt)}`],
    )
  })
})
