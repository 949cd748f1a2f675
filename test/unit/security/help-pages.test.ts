/**
 * The window has no links of its own: window.open is denied. The help pages it may show go through
 * `app.openHelp`, which names a topic; the host holds the only list of addresses.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { helpPages } from '@shared/contract/app'
import type { HostInternals } from '../../../src/host/host'
import { testHost } from '../helpers/test-host'

describe('help pages', () => {
  const opened: string[] = []
  const hosts: HostInternals[] = []
  const host = async (withBrowser: boolean) => {
    const h = await testHost({
      seed: 0,
      shell: withBrowser ? 'electron' : 'chromium',
      ...(withBrowser ? { openInBrowser: async (url: string) => void opened.push(url) } : {}),
    })
    hosts.push(h)
    return h
  }
  afterAll(async () => {
    for (const h of hosts) await h.close()
  })

  it('opens the listed page for a topic, and nothing for an address or an unknown topic', async () => {
    const h = await host(true)
    expect(await h.dispatch('app.openHelp', { topic: 'api-keys' })).toEqual({
      ok: true,
      value: { url: helpPages['api-keys'], opened: true },
    })
    for (const input of [
      { topic: 'https://evil.example/' },
      { topic: 'api-keys', url: 'https://evil.example/' },
      { url: 'https://evil.example/' },
      { topic: 'constructor' },
    ]) {
      const r = await h.dispatch('app.openHelp', input)
      expect(r.ok, JSON.stringify(input)).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('invalid_input')
    }
    expect(opened).toEqual([helpPages['api-keys']])
    for (const url of Object.values(helpPages)) expect(new URL(url).protocol).toBe('https:')
  })

  it('a shell without a system browser gets the address to show instead', async () => {
    const h = await host(false)
    expect(await h.dispatch('app.openHelp', { topic: 'api-keys' })).toEqual({
      ok: true,
      value: { url: helpPages['api-keys'], opened: false },
    })
  })
})
