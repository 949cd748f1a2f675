import { probeKeychain } from '../host'
import { processIo } from './output'
import { readsStoredKeys } from './reads-stored-keys'

/**
 * The CLI's entry: bin/userdeck.mjs sets the process's V8 flags (the host's heap limit among them),
 * loads this from the bundle or the sources, and exits with the code it answers.
 */
export async function main(argv: string[]): Promise<number> {
  // Started before the commands' code loads (commander, the contract's schemas), which it then overlaps.
  const keychain = readsStoredKeys(argv) ? probeKeychain() : undefined
  const { runCli } = await import('./program')
  return runCli(argv, processIo, keychain)
}
