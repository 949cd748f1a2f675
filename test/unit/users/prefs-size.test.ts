import { describe, expect, it } from 'vitest'
import { PREFS_MAX_BYTES, prefsBytes } from '@shared/appwrite-limits'

describe('prefsBytes', () => {
  it('is the size of the prefs as UTF-8 JSON, for ASCII and for any other text', () => {
    expect(prefsBytes({})).toBe(2)
    expect(prefsBytes({ theme: 'dark' })).toBe('{"theme":"dark"}'.length)
    // é is two bytes in UTF-8, 😀 four (a surrogate pair: two UTF-16 units).
    expect(prefsBytes({ name: 'é' })).toBe('{"name":""}'.length + 2)
    expect(prefsBytes({ mood: '😀' })).toBe('{"mood":""}'.length + 4)
  })

  it('puts prefs just over the limit over it, whatever their characters', () => {
    const ascii = { v: 'a'.repeat(PREFS_MAX_BYTES) }
    const accented = { v: 'é'.repeat(PREFS_MAX_BYTES / 2) }
    expect(prefsBytes(ascii)).toBeGreaterThan(PREFS_MAX_BYTES)
    expect(prefsBytes(accented)).toBeGreaterThan(PREFS_MAX_BYTES)
    expect(prefsBytes({ v: 'é'.repeat(PREFS_MAX_BYTES / 4) })).toBeLessThan(PREFS_MAX_BYTES)
  })
})
