import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'

async function open(dataDir: string): Promise<Host> {
  return createHost({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
}

async function call(host: Host, channel: 'settings.get' | 'settings.update', input: unknown) {
  const r = await host.dispatch(channel, input)
  if (!r.ok) throw new Error(r.error.message)
  return r.value
}

describe('settings: what the window remembers between runs', () => {
  let host: Host | null = null
  afterEach(async () => {
    await host?.close()
    host = null
  })

  it('keeps privacy, the last project and each project’s list across a restart, in a private file', async () => {
    const dir = tempDir()
    host = await open(dir)
    expect(await call(host, 'settings.get', {})).toEqual({
      privacy: false,
      lastProject: null,
      usersLists: {},
      usersColumns: {},
    })
    await call(host, 'settings.update', { privacy: true, lastProject: 'shop' })
    await call(host, 'settings.update', {
      usersLists: { shop: { filters: { status: 'blocked' }, sort: { field: 'name', direction: 'desc' } } },
    })
    await call(host, 'settings.update', {
      usersLists: { staging: { filters: {}, sort: null } },
      usersColumns: { email: 260 },
    })
    await host.close()

    host = await open(dir)
    const settings = await call(host, 'settings.get', {})
    expect(settings).toEqual({
      privacy: true,
      lastProject: 'shop',
      usersLists: {
        shop: { filters: { status: 'blocked' }, sort: { field: 'name', direction: 'desc' } },
        staging: { filters: {}, sort: null },
      },
      usersColumns: { email: 260 },
    })
    // null forgets one project's list and leaves the others.
    const forgot = await call(host, 'settings.update', { usersLists: { staging: null } })
    expect(Object.keys((forgot as { usersLists: object }).usersLists)).toEqual(['shop'])
    if (process.platform !== 'win32') expect(statSync(join(dir, 'settings.json')).mode & 0o777).toBe(0o600)
  })

  it('refuses what does not fit, naming the field', async () => {
    host = await open(tempDir())
    const r = await host.dispatch('settings.update', { usersColumns: { email: 5 } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.message).toMatch(/usersColumns/)
  })
})
