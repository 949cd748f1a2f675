import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StreamedPrivateFile } from '../../../src/host/private-files'
import { tempDir } from '../helpers/temp-dir'

describe('a file written as it streams (snapshots, reports, retry keys)', () => {
  it('appears only on commit, whole, private, with no temporary file left', () => {
    const dir = tempDir()
    const file = join(dir, 'rows.jsonl')
    const out = new StreamedPrivateFile(file)
    const lines = Array.from({ length: 20_000 }, (_, i) => `{"key":"row ${i}"}\n`)
    for (const line of lines) out.write(line)
    expect(readdirSync(dir)).not.toContain('rows.jsonl')
    out.commit()
    expect(readFileSync(file, 'utf8')).toBe(lines.join(''))
    expect(readdirSync(dir)).toEqual(['rows.jsonl'])
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('abandoned after a failure, leaves the file in place as it was and no temporary file', () => {
    const dir = tempDir()
    const file = join(dir, 'report.csv')
    writeFileSync(file, 'the last report\n')
    const out = new StreamedPrivateFile(file)
    out.write('x'.repeat(200_000))
    out.abandon()
    expect(readFileSync(file, 'utf8')).toBe('the last report\n')
    expect(readdirSync(dir)).toEqual(['report.csv'])
  })

  it('two writers of one file at once each keep their own temporary file; the last to commit is whole', () => {
    const dir = tempDir()
    const file = join(dir, 'report.json')
    const first = new StreamedPrivateFile(file)
    const second = new StreamedPrivateFile(file)
    first.write('a'.repeat(100_000))
    second.write('b'.repeat(100_000))
    first.write('a'.repeat(100_000))
    second.write('b'.repeat(100_000))
    first.commit()
    expect(readFileSync(file, 'utf8')).toBe('a'.repeat(200_000))
    second.commit()
    expect(readFileSync(file, 'utf8')).toBe('b'.repeat(200_000))
    expect(readdirSync(dir)).toEqual(['report.json'])
  })
})
