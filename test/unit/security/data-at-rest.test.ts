import { describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { createHost } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'

describe.skipIf(process.platform === 'win32')('data at rest', () => {
  it('a new data folder (journals, audit log, uploads, demo data) is private to this OS user', async () => {
    // Nested and not yet there, as on a first start: the folder is created by the host itself.
    const dataDir = join(tempDir(), 'fresh', 'Userdeck')
    const host = await createHost({
      dataDir,
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: { seed: 5 },
    })
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700)
      // The demo's data appears when the demo is first used.
      expect((await host.dispatch('users.list', { project: 'demo', limit: 1 })).ok).toBe(true)
      expect(statSync(join(dataDir, 'demo-project')).isDirectory()).toBe(true)
    } finally {
      await host.close()
    }
  })
})
