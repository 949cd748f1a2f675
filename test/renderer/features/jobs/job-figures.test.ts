import { describe, expect, it } from 'vitest'
import { formatEta, jobStateColour } from '@renderer/features/jobs/job-figures'

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

  it('says the time left in minutes and hours, not thousands of seconds', () => {
    expect(formatEta(null)).toBe('—')
    expect(formatEta(42)).toBe('42s')
    expect(formatEta(1438)).toBe('23m 58s')
    expect(formatEta(3600)).toBe('1h 0m')
  })
})
