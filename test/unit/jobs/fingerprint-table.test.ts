import { describe, expect, it } from 'vitest'
import { FingerprintTable, KeySet, fingerprint96 } from '../../../src/host/jobs/fingerprint-table'

describe('FingerprintTable', () => {
  it('answers the number first recorded with a string, across growth, for 200,000 strings', () => {
    const table = new FingerprintTable()
    let seenBefore = 0
    for (let row = 2; row < 200_002; row++)
      if (table.firstValueOrAdd(`user${row}@example.com`, row) !== -1) seenBefore++
    expect(seenBefore).toBe(0)
    expect(table.size).toBe(200_000)
    for (let row = 2; row < 200_002; row += 997)
      expect(table.firstValueOrAdd(`user${row}@example.com`, 999_999)).toBe(row)
    expect(table.firstValueOrAdd('someone.new@example.com', 5)).toBe(-1)
    expect(table.firstValueOrAdd('zero@example.com', 0)).toBe(-1)
    expect(table.firstValueOrAdd('zero@example.com', 7)).toBe(0)
  })

  it('tells apart strings that differ in one character, in case and in unicode', () => {
    const table = new FingerprintTable()
    const values = [
      'ada@example.com',
      'ada@example.co',
      'Ada@example.com',
      'adá@example.com',
      'ada@exampl3.com',
      '',
    ]
    values.forEach((v, i) => expect(table.firstValueOrAdd(v, i + 2)).toBe(-1))
    expect(new Set(values.map((v) => fingerprint96(v).join(':'))).size).toBe(values.length)
  })

  it('gives no two of a million row keys the same fingerprint', () => {
    const seen = new Set<string>()
    for (let i = 1; i <= 1_000_000; i++) {
      const [a, b] = fingerprint96(String(i))
      seen.add(`${a}:${b}`)
    }
    // Even two of the three lanes (64 bits) alone keep a million short keys apart.
    expect(seen.size).toBe(1_000_000)
  })
})

describe('KeySet', () => {
  it('holds a million journal keys exactly: every added key is in, no other is', () => {
    const keys = new KeySet()
    let refused = 0
    for (let i = 1; i <= 1_000_000; i += 2) if (!keys.add(String(i))) refused++
    expect(refused).toBe(0)
    expect(keys.add('1')).toBe(false)
    expect(keys.size).toBe(500_000)
    const wrong: number[] = []
    for (let i = 1; i <= 1_000_000; i++) if (keys.has(String(i)) !== (i % 2 === 1)) wrong.push(i)
    expect(wrong).toEqual([])
    expect(keys.has('user-1')).toBe(false)
  })
})
