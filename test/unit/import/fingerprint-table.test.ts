import { describe, expect, it } from 'vitest'
import { FingerprintTable, fingerprint53 } from '../../../src/main/import/fingerprint-table'

describe('FingerprintTable', () => {
  it('answers the first row a value was seen on, across growth, for 200,000 values', () => {
    const table = new FingerprintTable()
    for (let row = 2; row < 200_002; row++)
      expect(table.firstRowOrAdd(`user${row}@example.com`, row)).toBe(-1)
    for (let row = 2; row < 200_002; row += 997)
      expect(table.firstRowOrAdd(`user${row}@example.com`, 999_999)).toBe(row)
    expect(table.firstRowOrAdd('someone.new@example.com', 5)).toBe(-1)
  })

  it('tells apart values that differ in one character, in case and in unicode', () => {
    const table = new FingerprintTable()
    const values = [
      'ada@example.com',
      'ada@example.co',
      'Ada@example.com',
      'adá@example.com',
      'ada@exampl3.com',
      '',
    ]
    values.forEach((v, i) => expect(table.firstRowOrAdd(v, i + 2)).toBe(-1))
    expect(new Set(values.map(fingerprint53)).size).toBe(values.length)
  })

  it('gives integers below 2^53, exact in a double', () => {
    for (const v of ['a', 'b'.repeat(1000), '🙂', 'x@y.z']) {
      const f = fingerprint53(v)
      expect(Number.isSafeInteger(f)).toBe(true)
      expect(f).toBeGreaterThanOrEqual(0)
    }
  })
})
