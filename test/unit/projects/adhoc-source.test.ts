import { describe, expect, it } from 'vitest'
import { AdhocSource } from '../../../src/host/projects/adhoc-source'

const KEY = 'standard_adhoc_0123456789abcdWXYZ'

describe('AdhocSource', () => {
  it('serves each connection under its own ref, listed nowhere and never editable', async () => {
    const source = new AdhocSource()
    const first = source.add({ endpoint: 'https://cloud.example.com/v1', projectId: 'shop', key: KEY })
    const second = source.add({ endpoint: 'http://127.0.0.1:9/v1', projectId: 'shop', key: 'short' })
    expect(first).not.toBe(second)
    // The address alone makes the ref: named again (here or in a later run), the project is the same one.
    expect(
      new AdhocSource().add({ endpoint: 'https://cloud.example.com/v1', projectId: 'shop', key: 'k' }),
    ).toBe(first)
    expect(source.connectionOf(first)).toEqual({
      endpoint: 'https://cloud.example.com/v1',
      projectId: 'shop',
    })
    expect(source.connectionOf('p_stored')).toBeNull()
    expect(source.listed()).toEqual([])
    expect(source.find(first)).toMatchObject({
      name: 'shop at cloud.example.com',
      endpoint: 'https://cloud.example.com/v1',
      scopes: { read: null, write: null },
    })
    expect(await source.key(first)).toBe(KEY)
    expect(await source.keyView(first)).toEqual({ present: true, lastFour: 'WXYZ', inMemoryOnly: true })
    // Four characters of a short key would give much of it away.
    expect(await source.keyView(second)).toMatchObject({ present: true, lastFour: null })
    expect(source.fixed).toContain('command line')
    expect(await source.key('adhoc-99')).toBeNull()
  })
})
