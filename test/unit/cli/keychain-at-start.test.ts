/**
 * A command that reads stored keys has the keychain probed as it starts, so the probe's process runs
 * while the command's code loads; the host then takes that probe as its own. The probe here is held by
 * the test, so what the command says can only have come from it.
 */
import { describe, expect, it } from 'vitest'
import { runCli } from '../../../src/cli/program'
import { readsStoredKeys } from '../../../src/cli/reads-stored-keys'
import { probeKeychain } from '../../../src/host/projects/keychain-probe'
import { captureIo } from '../helpers/capture-io'
import { dataDirWithStoredShop, heldProbe } from '../helpers/held-probe'

/** A probe started as the CLI's entry starts one, around a child the test holds. */
function startedHeldProbe() {
  const held = heldProbe()
  return { ...held, probe: probeKeychain({ spawn: held.spawn }) }
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
    [['--json', 'stats', '--all'], true],
    [['stats'], false],
    // Restore copies of deleted users are sealed with a key kept in the keychain.
    [['users', 'delete', 'u1', '--yes'], true],
    [['--json', 'users', 'delete', '--query', '{}', '--dry-run'], true],
    [['users', 'delete', 'u1', '--yes', '--without-restore-copy'], false],
    [['jobs', 'undo', 'job1'], true],
    [['jobs', 'resume', 'job1'], true],
    [['jobs', 'show', 'job1'], false],
    [['--help'], false],
  ])('%j: %s', (argv, expected) => {
    expect(readsStoredKeys(argv)).toBe(expected)
  })
})

describe('a probe started with the command', () => {
  it("is the host's keychain probe: a command on a stored project says what that probe found", async () => {
    const { dataDir } = await dataDirWithStoredShop()
    const held = startedHeldProbe()
    const io = captureIo()
    const running = runCli(['--data-dir', dataDir, 'users', 'list', '--project', 'Shop'], io, held.probe)
    held.answer({ asking: true })
    held.answer({ ok: false, reason: 'no_service', detail: 'the test held it' })
    expect(await running).toBe(1)
    expect(io.stderr).toContain('No Secret Service or other OS keychain answered (the test held it)')
    expect(held.spawns()).toBe(1)
  })

  it('is ended when the command ends without a host', async () => {
    const held = startedHeldProbe()
    const io = captureIo()
    expect(await runCli(['projects', '--help'], io, held.probe)).toBe(0)
    expect(io.stdout).toContain('list')
    expect(held.killed()).toBe(true)
    expect(await held.probe.outcome).toMatchObject({ available: false })
  })
})
