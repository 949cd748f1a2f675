import { runCli } from '../../../src/cli/program'
import type { Io } from '../../../src/cli/output'
import { readsStoredKeys } from '../../../src/cli/reads-stored-keys'
import { patientProbe } from './keychain'

/**
 * Runs one CLI invocation as the CLI's entry does, with one difference: a command that reads stored
 * keys is handed a patient keychain probe. Its host would otherwise ask with the app's 2 s limit,
 * which a loaded machine has passed (a delete with restore copies then failed as "no keychain").
 * That limit itself is tested in keychain-at-start.test.ts.
 */
export function runCliPatiently(argv: string[], io: Io): Promise<number> {
  return runCli(argv, io, readsStoredKeys(argv) ? patientProbe() : undefined)
}
