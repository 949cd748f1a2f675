/**
 * `scripts/stress-test.sh --slow-keychain` loads scripts/slow-keychain.mjs into every node process, so
 * that a test racing the app's 2 s keychain limit fails at once. These check that it holds the real
 * probe's answer against the real Secret Service, and a stand-in's crash.
 */
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { probeKeychain } from '../../../src/host/projects/keychain-probe'
import { PATIENT_KEYCHAIN_MS, patientProbe } from '../helpers/keychain'

const hook = fileURLToPath(new URL('../../../scripts/slow-keychain.mjs', import.meta.url))

/** What the stress test sets; the probe's fork passes this process's environment on. */
function slowKeychain(heldMs: number): void {
  vi.stubEnv('NODE_OPTIONS', `--import "${hook}"`)
  vi.stubEnv('USERDECK_SLOW_KEYCHAIN_MS', String(heldMs))
}

afterEach(() => void vi.unstubAllEnvs())

describe("the stress test's slow keychain", () => {
  it("keeps the probe's answer past the app's 2 s limit", async () => {
    slowKeychain(PATIENT_KEYCHAIN_MS)
    expect(await probeKeychain().outcome).toEqual({ available: false, reason: 'timed_out', detail: null })
  })

  it('still passes the answer on, late, to a probe that waits', async () => {
    slowKeychain(1_000)
    expect(await patientProbe().outcome).toEqual({ available: true })
  })

  it("holds a stand-in's crash too, as it holds the answer", async () => {
    const crashes = {
      path: fileURLToPath(new URL('../../fixtures/keychain-probes/crashes.mjs', import.meta.url)),
    }
    slowKeychain(PATIENT_KEYCHAIN_MS)
    expect(await probeKeychain({ script: crashes }).outcome).toMatchObject({ reason: 'timed_out' })
    slowKeychain(1_000)
    expect(await patientProbe({ script: crashes }).outcome).toEqual({
      available: false,
      reason: 'crashed',
      detail: 'it ended with SIGSEGV',
    })
  })
})
