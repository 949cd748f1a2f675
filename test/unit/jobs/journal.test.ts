import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate as turn } from 'node:timers/promises'
import { Journal } from '../../../src/main/jobs/journal'
import { tempDir } from '../helpers/temp-dir'

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean)

describe('Journal', () => {
  it('writes a start line before returning, so a call that follows is never forgotten', () => {
    const file = join(tempDir(), 'journal.jsonl')
    const journal = new Journal(file)
    journal.start('row-1')
    expect(linesOf(file).map((l) => JSON.parse(l) as { key: string; phase: string })).toEqual([
      expect.objectContaining({ key: 'row-1', phase: 'start' }),
    ])
    journal.close()
  })

  it('sends end lines with the next write, or when the event loop turns, and all of them on close', async () => {
    const file = join(tempDir(), 'journal.jsonl')
    const journal = new Journal(file)
    journal.start('a')
    journal.end('a', 'row a', 'done')
    // Deferred: the next start carries it.
    expect(Journal.read(file).ended.has('a')).toBe(false)
    journal.start('b')
    expect(Journal.read(file).ended.has('a')).toBe(true)
    journal.end('b', 'row b', 'failed', 'Nope.')
    await turn()
    expect(Journal.read(file).counts).toEqual({ done: 1, skipped: 0, failed: 1 })
    journal.start('c')
    journal.end('c', 'row c', 'skipped')
    // A reader while the job runs (its report) asks for everything so far.
    journal.write()
    expect(Journal.read(file).ended.has('c')).toBe(true)
    journal.start('d')
    journal.end('d', 'row d', 'done')
    journal.close()
    const state = Journal.read(file)
    expect(state.counts).toEqual({ done: 2, skipped: 1, failed: 1 })
    expect(state.open.size).toBe(0)
    expect(linesOf(file)).toHaveLength(8)
  })
})
