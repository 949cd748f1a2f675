import { describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setImmediate as turn } from 'node:timers/promises'
import { Journal } from '../../../src/host/jobs/journal'
import { tempDir } from '../helpers/temp-dir'

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean)

describe('Journal', () => {
  it("resolves a start once its line is in the file, with the turn's other starts in the same write", async () => {
    const file = join(tempDir(), 'journal.jsonl')
    const journal = new Journal(file)
    const first = journal.start('row-1')
    const second = journal.start('row-2')
    // Queued, not written: the rows' calls wait for this.
    expect(readFileSync(file, 'utf8')).toBe('')
    expect(second).toBe(first)
    await first
    expect(linesOf(file).map((l) => JSON.parse(l) as { key: string; phase: string })).toEqual([
      expect.objectContaining({ key: 'row-1', phase: 'start' }),
      expect.objectContaining({ key: 'row-2', phase: 'start' }),
    ])
    journal.close()
  })

  it('writes lines that read back exactly, whatever the key, label and reason hold', async () => {
    const file = join(tempDir(), 'journal.jsonl')
    const journal = new Journal(file)
    const key = 'row "7"\\'
    const label = 'row 7: zoë\n😀 <x@example.com>'
    const reason = 'Appwrite said: "invalid"\t\u2028 and \\ more'
    await journal.start(key)
    journal.end(key, label, 'failed', reason)
    journal.end('plain', 'row 8', 'done')
    journal.close()
    const lines = [...Journal.lines(file)]
    expect(lines).toEqual([
      { key, phase: 'start', t: expect.any(Number) },
      { key, phase: 'end', outcome: 'failed', reason, label, t: expect.any(Number) },
      { key: 'plain', phase: 'end', outcome: 'done', label: 'row 8', t: expect.any(Number) },
    ])
    expect(linesOf(file)).toHaveLength(3)
  })

  it('gives each end its own reason, or none, when rows in a row end with the same or different ones', () => {
    const file = join(tempDir(), 'journal.jsonl')
    const journal = new Journal(file)
    const ends: [string, string | undefined][] = [
      ['1', 'created'],
      ['2', 'created'],
      ['3', undefined],
      ['4', 'created'],
      ['5', ''],
      ['6', 'updated'],
      ['7', 'created'],
    ]
    for (const [key, reason] of ends) journal.end(key, `row ${key}`, 'done', reason)
    journal.close()
    expect([...Journal.lines(file)].map((l) => [l.key, l.reason])).toEqual(
      ends.map(([key, reason]) => [key, reason || undefined]),
    )
  })

  it('starts a new run on a line of its own after a line cut short', async () => {
    const file = join(tempDir(), 'journal.jsonl')
    writeFileSync(file, '{"key":"a","phase":"start","t":1}\n{"key":"a","phase":"end","outc')
    const journal = new Journal(file)
    await journal.start('b')
    journal.end('b', 'row b', 'done')
    journal.close()
    expect([...Journal.lines(file)].map((l) => `${l.key}:${l.phase}`)).toEqual([
      'a:start',
      'b:start',
      'b:end',
    ])
    // The cut line stays on its own (ignored); a run on a whole file adds no blank line.
    const again = new Journal(file)
    await again.start('c')
    again.close()
    const raw = readFileSync(file, 'utf8').split('\n')
    expect(raw).toHaveLength(6)
    expect(raw[1]).toBe('{"key":"a","phase":"end","outc')
    expect(raw.slice(2, 5).map((l) => (JSON.parse(l) as { key: string }).key)).toEqual(['b', 'b', 'c'])
    expect(raw[5]).toBe('')
  })

  it('rejects the waiting starts, and every later one, when the disk refuses the write', async () => {
    // Every write to /dev/full fails with ENOSPC, as a full disk does.
    const journal = new Journal('/dev/full')
    const started = journal.start('row-1')
    journal.end('row-0', 'row 0', 'done')
    await expect(started).rejects.toThrow(/could not be written \(ENOSPC.*resume the job/)
    await expect(journal.start('row-2')).rejects.toThrow(/ENOSPC/)
    // The lines are kept for the last try, which throws too; the file is closed all the same.
    expect(() => journal.close()).toThrow(/ENOSPC/)
    expect(() => journal.close()).not.toThrow()
  })

  it('sends end lines with the next write, or when the event loop turns, and all of them on close', async () => {
    const file = join(tempDir(), 'journal.jsonl')
    const journal = new Journal(file)
    await journal.start('a')
    journal.end('a', 'row a', 'done')
    // Deferred: the next write carries it.
    expect(Journal.read(file).ended.has('a')).toBe(false)
    await journal.start('b')
    expect(Journal.read(file).ended.has('a')).toBe(true)
    journal.end('b', 'row b', 'failed', 'Nope.')
    await turn()
    expect(Journal.read(file).counts).toEqual({ done: 1, skipped: 0, failed: 1 })
    void journal.start('c')
    journal.end('c', 'row c', 'skipped')
    // A reader while the job runs (its report) asks for everything so far.
    journal.write()
    expect(Journal.read(file).ended.has('c')).toBe(true)
    void journal.start('d')
    journal.end('d', 'row d', 'done')
    journal.close()
    const state = Journal.read(file)
    expect(state.counts).toEqual({ done: 2, skipped: 1, failed: 1 })
    expect(state.open.size).toBe(0)
    expect(linesOf(file)).toHaveLength(8)
  })
})
