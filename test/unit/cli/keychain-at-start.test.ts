/**
 * A command that reads stored keys has the keychain probed as it starts, so the probe's process runs
 * while the command's code loads; the host then takes that probe as its own. The probe here is held by
 * the test, so what the command says can only have come from it.
 */
import { describe, expect, it } from 'vitest'
import type { ProjectView } from '@shared/models'
import { runCli } from '../../../src/cli/program'
import { readsStoredKeys } from '../../../src/cli/reads-stored-keys'
import { createHostInternals } from '../../../src/host/host'
import { probeKeychain, type ProbeChild } from '../../../src/host/projects/keychain-probe'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

function heldProbe() {
  let listener: ((message: unknown) => void) | null = null
  let spawned = 0
  let killed = false
  const child: ProbeChild = {
    onMessage: (l) => void (listener = l),
    onExit: () => undefined,
    kill: () => void (killed = true),
  }
  const probe = probeKeychain({
    spawn: () => {
      spawned++
      return child
    },
  })
  return {
    probe,
    answer: (message: unknown) => listener!(message),
    spawned: () => spawned,
    killed: () => killed,
  }
}

describe('which commands ask the keychain as they start', () => {
  it.each([
    [['projects', 'list'], true],
    [['--json', 'projects', 'check', 'Shop'], true],
    [['users', 'list', '--project', 'Shop'], true],
    [['users', 'list', '-p', 'Shop'], true],
    [['users', 'list', '--project=Shop'], true],
    [['users', 'list'], false],
    [['users', 'list', '--project', 'demo'], false],
    [['users', 'list', '--project=demo'], false],
    [['users', 'list', '--endpoint', 'https://cloud.appwrite.io/v1', '--project-id', 'shop'], false],
    [['jobs', 'list'], false],
    [['--help'], false],
  ])('%j: %s', (argv, expected) => {
    expect(readsStoredKeys(argv)).toBe(expected)
  })
})

describe('a probe started with the command', () => {
  it("is the host's keychain probe: a command on a stored project says what that probe found", async () => {
    const dataDir = tempDir()
    const first = await createHostInternals({
      dataDir,
      shell: 'cli',
      demo: false,
      secrets: new MemorySecretStore(),
    })
    const added = await first.dispatch('projects.add', {
      name: 'Shop',
      endpoint: 'http://127.0.0.1:9/v1',
      projectId: 'shop',
      key: 'standard_0123456789abcdef',
    })
    await first.close()
    expect(added.ok && (added.value as ProjectView).name).toBe('Shop')

    const held = heldProbe()
    const io = captureIo()
    const running = runCli(['--data-dir', dataDir, 'users', 'list', '--project', 'Shop'], io, held.probe)
    held.answer({ asking: true })
    held.answer({ ok: false, reason: 'no_service', detail: 'the test held it' })
    expect(await running).toBe(1)
    expect(io.stderr).toContain('No Secret Service or other OS keychain answered (the test held it)')
    expect(held.spawned()).toBe(1)
  })

  it('is ended when the command ends without a host', async () => {
    const held = heldProbe()
    const io = captureIo()
    expect(await runCli(['projects', '--help'], io, held.probe)).toBe(0)
    expect(io.stdout).toContain('list')
    expect(held.killed()).toBe(true)
    expect(await held.probe.outcome).toMatchObject({ available: false })
  })
})
