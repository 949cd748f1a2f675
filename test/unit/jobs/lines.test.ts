import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lines } from '../../../src/host/jobs/lines'

const dir = mkdtempSync(join(tmpdir(), 'userdeck-lines-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(text: string): string {
  const path = join(dir, `f${Math.random().toString(36).slice(2)}`)
  writeFileSync(path, text)
  return path
}

describe('lines', () => {
  it('gives every non-empty line of a file far larger than its buffer, in order', () => {
    const expected = Array.from({ length: 50_000 }, (_, i) => JSON.stringify({ key: String(i), t: i }))
    const got = [...lines(file(`${expected.join('\n')}\n\n`))]
    expect(got.length).toBe(expected.length)
    expect(got).toEqual(expected)
  })

  it('keeps characters whose bytes straddle two reads whole, and a line longer than the buffer', () => {
    // 3-byte and 4-byte characters at every offset around the 64 kB read boundary.
    const long = 'é'.repeat(40_000) + '🙂'.repeat(30_000)
    const expected = ['ab', long, '中文'.repeat(20_000), 'last line without a newline 🙂']
    expect([...lines(file(expected.join('\n')))]).toEqual(expected)
  })

  it('yields nothing for a missing or empty file', () => {
    expect([...lines(join(dir, 'missing'))]).toEqual([])
    expect([...lines(file(''))]).toEqual([])
    expect([...lines(file('\n\n  \n'))]).toEqual([])
  })
})
