import {
  probeKeychain,
  type ProbeOptions,
  type ProbeOutcome,
  type RunningProbe,
} from '../../../src/host/projects/keychain-probe'

/** How long a test gives the keychain to answer: as long as a busy machine needs. */
export const PATIENT_KEYCHAIN_MS = 60_000

/**
 * The probe the host runs at start, in its own process, given as long as a busy machine needs: tests
 * ask whether the Secret Service answers at all, and a loaded CI machine has kept it past the app's
 * 2 s limit (that limit is tested in keychain-probe.test.ts with a probe that never answers). A
 * command under test that needs the keychain is handed one too, as the CLI's entry hands its own.
 */
export function patientProbe(options: Omit<ProbeOptions, 'timeoutMs'> = {}): RunningProbe {
  return probeKeychain({ ...options, timeoutMs: PATIENT_KEYCHAIN_MS })
}

export function probeKeychainPatiently(): Promise<ProbeOutcome> {
  return patientProbe().outcome
}
