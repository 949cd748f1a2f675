/**
 * The host's entry: all that a shell (the Electron window, the Chromium shell, the CLI) may import.
 * A shell serves the contract through `createHost(…).dispatch` and `events`; everything else in
 * src/host is the host's own business, and a lint rule keeps the shells out of it.
 *
 * This module stays light: the host itself (every service, node-appwrite, the sandbox) loads when a
 * host is created, so a shell that needs none (`userdeck --help`) starts without it.
 */
import type { Host, HostOptions } from './host'
import { probeKeychain, probesAtOnce } from './projects/keychain-probe'

export type { Host, HostEvents, HostOptions } from './host'
export type { Dispatch } from './ipc/dispatcher'
export type { ProbeChild, ProbeScript, RunningProbe, SpawnProbe } from './projects/keychain-probe'
export { probeKeychain } from './projects/keychain-probe'
export { APP_VERSION } from './version'
export { limitHeapGrowth } from './heap'
export { defaultDataDir, logFilePath } from './paths'
export { DEMO_PROJECT_REF } from './demo/demo-ref'

export async function createHost(options: HostOptions): Promise<Host> {
  // A host that asks the keychain at once starts the probe's process before loading its own code: the
  // two then overlap, where the probe would otherwise wait for the host's modules to load, and the
  // host for the probe (about 150 ms each for a CLI command on a stored project).
  const probe =
    options.startedProbe ?? (probesAtOnce(options) ? probeKeychain(options.keychainProbe) : undefined)
  try {
    const { createHost: create } = await import('./host')
    return await create({ ...options, startedProbe: probe })
  } catch (err) {
    // No host took the probe over: its process is ended here, not left for this one's exit.
    probe?.stop()
    throw err
  }
}
