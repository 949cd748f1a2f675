import { describe, expect, it } from 'vitest'
import { PREFS_MAX_BYTES, phpJson, prefsBytes } from '@shared/appwrite-limits'

describe('prefsBytes', () => {
  it("is the size of PHP's json_encode of the prefs: non-ASCII as \\uXXXX, / as \\/", () => {
    expect(prefsBytes({})).toBe(2)
    expect(prefsBytes({ theme: 'dark' })).toBe('{"theme":"dark"}'.length)
    expect(phpJson({ name: 'é', path: 'a/b' })).toBe('{"name":"\\u00e9","path":"a\\/b"}')
    // 😀 is a surrogate pair: two escapes, twelve bytes.
    expect(prefsBytes({ mood: '😀' })).toBe('{"mood":""}'.length + 12)
    expect(phpJson({ ['clé']: [1, 2.5, true, null, { x: 'y' }] })).toBe(
      '{"cl\\u00e9":[1,2.5,true,null,{"x":"y"}]}',
    )
  })

  it('writes floats as PHP does where it differs from JS', () => {
    expect(phpJson([1e25, 1e-5, 0.0001, -3e20, 2 ** 64, 123456789012])).toBe(
      '[1.0e+25,1.0e-5,0.0001,-3.0e+20,1.8446744073709552e+19,123456789012]',
    )
  })

  it('puts prefs over the limit when PHP would, though their UTF-8 fits', () => {
    const accented = { v: 'é'.repeat(24_000) }
    expect(new TextEncoder().encode(JSON.stringify(accented)).length).toBeLessThan(PREFS_MAX_BYTES)
    expect(prefsBytes(accented)).toBeGreaterThan(PREFS_MAX_BYTES)
    expect(prefsBytes({ v: '/'.repeat(PREFS_MAX_BYTES / 2) })).toBeGreaterThan(PREFS_MAX_BYTES)
    expect(prefsBytes({ v: 'a'.repeat(PREFS_MAX_BYTES - 10) })).toBeLessThanOrEqual(PREFS_MAX_BYTES)
  })
})
