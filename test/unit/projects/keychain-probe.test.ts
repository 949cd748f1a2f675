/**
 * The keychain probe runs in a child process: a keychain that crashes or hangs ends only the probe.
 * These fork small scripts that stand in for keytar's ways of failing; the real probe against the real
 * Secret Service is in keychain.test.ts.
 */
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { EventPayload } from '@shared/contract'
import type { AppInfo, ProjectView } from '@shared/models'
import { createHostInternals } from '../../../src/host/host'
import { createHost } from '../../../src/host'
import { forkProbe, probeKeychain, type SpawnProbe } from '../../../src/host/projects/keychain-probe'
import { keychainMessage, ProbedKeychain } from '../../../src/host/projects/probed-keychain'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'
import { dataDirWithStoredShop, heldProbe } from '../helpers/held-probe'
import { PATIENT_KEYCHAIN_MS, patientProbe } from '../helpers/keychain'

const script = (name: string) => ({
  path: fileURLToPath(new URL(`../../fixtures/keychain-probes/${name}.mjs`, import.meta.url)),
})

/** node's fork, noting whether the probe ended its child. */
function forkNotingKills(): { spawn: SpawnProbe; killed: () => boolean } {
  let killed = false
  return {
    spawn: (s, args) => {
      const child = forkProbe(s, args)
      return { ...child, kill: () => ((killed = true), child.kill()) }
    },
    killed: () => killed,
  }
}

describe('the keychain probe, in a child process', () => {
  it('says the keychain crashed when its process dies of SIGSEGV, and this process lives on', async () => {
    // Patient, so the crash decides the outcome, not the clock: with the app's 2 s a loaded machine slow
    // to report the child's end would read as a timeout. (The limit is tested with a keychain that hangs.)
    const outcome = await patientProbe({ script: script('crashes') }).outcome
    expect(outcome).toEqual({ available: false, reason: 'crashed', detail: 'it ended with SIGSEGV' })
  })

  it('says so too when its process ends without an answer', async () => {
    const outcome = await probeKeychain({ script: script('exits') }).outcome
    expect(outcome).toEqual({ available: false, reason: 'crashed', detail: 'it ended with exit code 3' })
  })

  it('stops waiting for a keychain that never answers, and ends the probe', async () => {
    const { spawn, killed } = forkNotingKills()
    // The limit runs from the moment the probe asks; a short one here stands for the 2 s.
    const outcome = await probeKeychain({ script: script('hangs'), spawn, timeoutMs: 50 }).outcome
    expect(outcome).toEqual({ available: false, reason: 'timed_out', detail: null })
    expect(killed()).toBe(true)
  })

  it('passes on the answer of a probe that answers', async () => {
    // Patient, so the answer decides, however long a loaded machine keeps it (or --slow-keychain does).
    const outcome = await patientProbe({ script: script('answers') }).outcome
    expect(outcome).toEqual({
      available: false,
      reason: 'no_service',
      detail: 'org.freedesktop.secrets was not provided',
    })
  })
})

describe('what the app says of it', () => {
  it('names each way once, without repeating itself', () => {
    expect(keychainMessage('crashed', 'it ended with SIGSEGV')).toBe(
      'The keychain crashed while being checked (it ended with SIGSEGV). Keys you enter are kept in memory for this run only and never written to disk.',
    )
    expect(keychainMessage('timed_out', null)).toMatch(/^The keychain did not answer within 2 s\. Keys/)
    expect(keychainMessage('no_service', 'no D-Bus')).toMatch(
      /^No Secret Service or other OS keychain answered \(no D-Bus\)\./,
    )
  })

  it('keeps keys in memory when the probe found no keychain, and says why', async () => {
    const keychain = new ProbedKeychain(() => ({
      outcome: Promise.resolve({ available: false, reason: 'crashed', detail: 'it ended with SIGSEGV' }),
      stop: () => undefined,
    }))
    await keychain.set('p1', 'secret-key')
    expect(await keychain.get('p1')).toBe('secret-key')
    expect(keychain.kind).toBe('memory')
    expect(keychain.state).toMatchObject({ checking: false, available: false, reason: 'crashed' })
  })
})

/** A probe held by the test: it answers only when told to. */
describe('the host and the probe', () => {
  it('answers the window before the probe does, then tells it what the probe found', async () => {
    const probe = heldProbe()
    const host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'chromium',
      demo: false,
      keychainProbe: { spawn: probe.spawn },
    })
    try {
      const seen: EventPayload<'app.keychain'>[] = []
      host.events.subscribe((event, payload) => {
        if (event === 'app.keychain') seen.push(payload as EventPayload<'app.keychain'>)
      })
      expect(probe.started()).toBe(true)
      const keychainNow = async () => {
        const info = await host.dispatch('app.info', {})
        if (!info.ok) throw new Error(info.error.message)
        return (info.value as AppInfo).keychain
      }
      expect(await keychainNow()).toEqual({
        checking: true,
        available: false,
        reason: null,
        message: null,
      })

      probe.answer({ asking: true })
      probe.answer({ ok: false, reason: 'no_service', detail: 'no D-Bus' })
      const listed = await host.dispatch('projects.list', {})
      expect(listed.ok).toBe(true)
      const expected = {
        checking: false,
        available: false,
        reason: 'no_service',
        message: keychainMessage('no_service', 'no D-Bus'),
      }
      expect(await keychainNow()).toEqual(expected)
      expect(seen).toEqual([expected])
    } finally {
      await host.close()
    }
  })

  it('on demand (the CLI), no probe starts until a key is first needed', async () => {
    const probe = heldProbe()
    const host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'cli',
      demo: false,
      keychainOnDemand: true,
      keychainProbe: { spawn: probe.spawn },
    })
    try {
      expect((await host.dispatch('app.info', {})).ok).toBe(true)
      expect((await host.dispatch('projects.list', {})).ok).toBe(true)
      expect(probe.started()).toBe(false)

      const adding = host.dispatch('projects.add', {
        name: 'Offline',
        endpoint: 'http://127.0.0.1:9/v1',
        projectId: 'offline',
        key: 'standard_0123456789abcdef',
      })
      await expect.poll(() => probe.started()).toBe(true)
      probe.answer({ asking: true })
      probe.answer({ ok: false, reason: 'no_service', detail: 'no D-Bus' })
      const added = await adding
      expect(added.ok).toBe(true)
      const listed = await host.dispatch('projects.list', {})
      expect(listed.ok && (listed.value as ProjectView[]).map((p) => p.key.inMemoryOnly)).toEqual([true])
    } finally {
      await host.close()
    }
  })

  it('a command that needs a key the crashed keychain holds says the keychain crashed, not that no key is stored', async () => {
    const { dataDir, shop } = await dataDirWithStoredShop()

    const next = await createHostInternals({
      dataDir,
      shell: 'cli',
      demo: false,
      keychainOnDemand: true,
      keychainProbe: { script: script('crashes'), timeoutMs: PATIENT_KEYCHAIN_MS },
    })
    try {
      const listed = await next.dispatch('users.list', { project: shop, limit: 5 })
      expect(listed.ok).toBe(false)
      if (!listed.ok)
        expect(listed.error).toMatchObject({
          code: 'key_missing',
          message:
            '"Shop": The keychain crashed while being checked (it ended with SIGSEGV). Keys you enter are kept in memory for this run only and never written to disk. Enter this project’s key again to connect.',
        })
    } finally {
      await next.close()
    }
  })

  it("asked at once, the host's entry starts the probe before the host loads, and the host keeps that one", async () => {
    const probe = heldProbe()
    const creating = createHost({
      dataDir: tempDir(),
      shell: 'cli',
      demo: false,
      keychainProbe: { spawn: probe.spawn },
    })
    // Started before createHost has built anything, so before it resolves.
    expect(probe.spawns()).toBe(1)
    const host = await creating
    try {
      probe.answer({ asking: true })
      probe.answer({ ok: false, reason: 'no_service', detail: 'no D-Bus' })
      await expect
        .poll(async () => {
          const info = await host.dispatch('app.info', {})
          return info.ok && (info.value as AppInfo).keychain.reason
        })
        .toBe('no_service')
      expect(probe.spawns()).toBe(1)
    } finally {
      await host.close()
    }
  })

  it('a given store is used as it is, with no probe', async () => {
    const probe = heldProbe()
    const host = await createHostInternals({
      dataDir: tempDir(),
      shell: 'cli',
      demo: false,
      secrets: new MemorySecretStore(),
      keychainProbe: { spawn: probe.spawn },
    })
    await host.close()
    expect(probe.started()).toBe(false)
  })
})
