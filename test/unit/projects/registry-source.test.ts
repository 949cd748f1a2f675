import { describe, expect, it } from 'vitest'
import { ProjectRegistry, type ProjectEntry } from '../../../src/host/projects/registry'
import { RegistrySource } from '../../../src/host/projects/registry-source'
import { MemorySecretStore, type SecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'

const KEY = 'standard_registry_0123456789abLMNO'

const entry = (id: string): ProjectEntry => ({
  id,
  name: id,
  endpoint: 'http://127.0.0.1:9/v1',
  projectId: 'shop',
  colour: 'teal',
  tag: 'staging',
  safeMode: 'off',
  scopes: { read: null, write: null },
  lastCheckedAt: null,
  server: null,
})

describe('RegistrySource', () => {
  it('lists the stored projects in order, with their keys from the secret store', async () => {
    const registry = new ProjectRegistry(tempDir(), () => undefined)
    const source = new RegistrySource(registry, new MemorySecretStore())
    registry.add(entry('p_a'))
    registry.add(entry('p_b'))
    await source.secrets.set('p_a', KEY)
    expect(source.listed().map((e) => e.id)).toEqual(['p_a', 'p_b'])
    expect(source.fixed).toBeNull()
    expect(await source.keyView('p_a')).toEqual({ present: true, lastFour: 'LMNO', inMemoryOnly: true })
    expect(await source.keyView('p_b')).toEqual({ present: false, lastFour: null, inMemoryOnly: true })
    expect(source.missingKeyMessage()).toContain('No keychain')
  })

  it('keeps what a check found in the registry file', () => {
    const dataDir = tempDir()
    const source = new RegistrySource(new ProjectRegistry(dataDir, () => undefined), new MemorySecretStore())
    source.registry.add(entry('p_a'))
    source.recordCheck('p_a', {
      scopes: { read: true, write: false },
      server: { version: '1.9.5', cloud: false },
    })
    const reread = new ProjectRegistry(dataDir, () => undefined).find('p_a')!
    expect(reread.scopes).toEqual({ read: true, write: false })
    expect(reread.server).toEqual({ version: '1.9.5', cloud: false })
    expect(reread.lastCheckedAt).not.toBeNull()
  })

  it('shows a project whose keychain refuses as keyless rather than failing the list', async () => {
    const broken: SecretStore = {
      kind: 'keychain',
      ready: () => Promise.resolve(),
      get: () => Promise.reject(new Error('locked')),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(false),
    }
    const source = new RegistrySource(new ProjectRegistry(tempDir(), () => undefined), broken)
    expect(await source.keyView('p_a')).toEqual({ present: false, lastFour: null, inMemoryOnly: false })
    expect(source.missingKeyMessage()).not.toContain('No keychain')
  })
})
