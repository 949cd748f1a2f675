import { probeKeychain, type ProbeOutcome } from '../../../src/host/projects/keychain-probe'

/**
 * The probe the host runs at start, in its own process, given as long as a busy machine needs: tests
 * ask whether the Secret Service answers at all, and a loaded CI machine has kept it past the app's
 * 2 s limit (that limit is tested in keychain-probe.test.ts with a probe that never answers).
 */
export function probeKeychainPatiently(): Promise<ProbeOutcome> {
  return probeKeychain({ timeoutMs: 60_000 }).outcome
}
