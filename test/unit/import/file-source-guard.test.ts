import { afterAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'

/** A local path lets main read any file; only the command line may name one. */
describe('import from a local path', () => {
  const dir = tempDir()
  const secretFile = join(dir, 'not-for-the-window.csv')
  writeFileSync(secretFile, 'email,name\nsecret@example.com,Secret Person\n')
  const plan = { project: 'demo', source: { kind: 'file', path: secretFile }, format: 'auto' }
  const hosts: Host[] = []
  afterAll(async () => {
    for (const h of hosts) await h.close()
  })

  async function host(shell: 'chromium' | 'cli', name: string): Promise<Host> {
    const h = await createHost({
      dataDir: join(dir, name),
      shell,
      secrets: new MemorySecretStore(),
      demo: { seed: 5 },
    })
    hosts.push(h)
    return h
  }

  it('is refused when the window asks, and nothing of the file comes back', async () => {
    const window = await host('chromium', 'window')
    for (const channel of ['import.inspect', 'import.validate', 'import.saveProblems'] as const) {
      const result = await window.dispatch(channel, { plan })
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'plan.source' } })
      expect(JSON.stringify(result)).not.toContain('secret@example.com')
    }
  })

  it('is read when the command line asks', async () => {
    const cli = await host('cli', 'cli')
    const result = await cli.dispatch('import.inspect', { plan })
    expect(result.ok).toBe(true)
    expect(JSON.stringify(result)).toContain('secret@example.com')
  })
})
