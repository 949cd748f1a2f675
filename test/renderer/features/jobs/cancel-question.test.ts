import { describe, expect, it } from 'vitest'
import { cancelQuestion } from '@renderer/features/jobs/cancel-question'

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
