import { describe, expect, it } from 'vitest'
import { cancelledNote, cancelQuestion } from '@renderer/features/jobs/cancel-question'

describe('the question asked before a job is cancelled', () => {
  it('an import says the users imported stay, and that the same file again brings in the rest', () => {
    const q = cancelQuestion({ kind: 'import', state: 'running', projectName: 'Shop' })
    expect(q.title).toBe('Cancel this import?')
    expect(q.lines[0]).toMatch(/^The users imported so far stay in “Shop”/)
    expect(q.lines[0]).toMatch(/cannot be resumed\. To stop for a while and go on later, pause it instead\.$/)
    expect(q.lines[1]).toMatch(/^To bring in the rest later, import the same file again/)
    expect(q).toMatchObject({ confirm: 'Cancel import', keep: 'Keep importing' })
  })

  it('a bulk job says what it has done stays done, and the rest are left as they are', () => {
    const q = cancelQuestion({ kind: 'labels', state: 'running', projectName: 'Shop' })
    expect(q.title).toBe('Cancel this job?')
    expect(q.lines[0]).toMatch(/^What it has already done in “Shop” stays done/)
    expect(q).toMatchObject({ confirm: 'Cancel job', keep: 'Keep running' })
  })

  it('a paused job is not told to pause, and is kept paused', () => {
    const q = cancelQuestion({ kind: 'sessions.kill', state: 'paused', projectName: 'Shop' })
    expect(q.lines.join(' ')).not.toMatch(/pause it instead/)
    expect(q.keep).toBe('Keep it paused')
  })
})

describe('what a cancelled job says', () => {
  const counts = { total: 60, done: 14, skipped: 1, failed: 0 }
  const ended = '2026-12-06T12:00:00.000Z'

  it('waits for the calls in flight before it counts anyone as not reached', () => {
    expect(cancelledNote({ kind: 'labels', counts, finishedAt: null })).toBe(
      'Cancelled. The calls already sent are ending; the counts are final once they have.',
    )
  })

  it('a bulk job counts the users it did not reach, and says they were left as they are', () => {
    expect(cancelledNote({ kind: 'labels', counts, finishedAt: ended })).toBe(
      'Cancelled. What was done stays done; 45 users were not reached and are unchanged. The saved report lists them as pending.',
    )
    expect(cancelledNote({ kind: 'labels', counts: { ...counts, done: 58 }, finishedAt: ended })).toMatch(
      /; 1 user was not reached and is unchanged\. The saved report lists it as pending\.$/,
    )
  })

  it('an import counts the rows not imported, and says how to bring them in', () => {
    expect(cancelledNote({ kind: 'import', counts, finishedAt: ended })).toMatch(
      /^Cancelled\. 45 rows of the file were not imported; import the same file again to bring them in\./,
    )
  })

  it('a job that never counted its users (no dry run) makes up no number of them', () => {
    const uncounted = { ...counts, total: null }
    expect(cancelledNote({ kind: 'labels', counts: uncounted, finishedAt: ended })).toBe(
      'Cancelled before it had counted its users. What was done stays done; the users it did not reach are unchanged.',
    )
    expect(cancelledNote({ kind: 'import', counts: uncounted, finishedAt: ended })).toMatch(
      /^Cancelled before it had counted the file’s rows\./,
    )
  })

  it('a job cancelled once every user was reached says nothing was left', () => {
    const all = { total: 60, done: 58, skipped: 1, failed: 1 }
    expect(cancelledNote({ kind: 'labels', counts: all, finishedAt: ended })).toBe(
      'Cancelled after every user was reached: nothing was left undone.',
    )
  })
})
