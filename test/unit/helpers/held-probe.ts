import type { ProjectView } from '@shared/models'
import { createHostInternals } from '../../../src/host/host'
import type { ProbeChild, SpawnProbe } from '../../../src/host/projects/keychain-probe'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from './temp-dir'

/**
 * A keychain probe's child that answers only when the test says: what a host then reports about the
 * keychain can only have come from it. Counts its spawns and notes whether the probe ended it.
 */
export function heldProbe(): {
  spawn: SpawnProbe
  answer(message: unknown): void
  started: () => boolean
  spawns: () => number
  killed: () => boolean
} {
  let listener: ((message: unknown) => void) | null = null
  let spawns = 0
  let killed = false
  const child: ProbeChild = {
    onMessage: (l) => void (listener = l),
    onExit: () => undefined,
    kill: () => void (killed = true),
  }
  return {
    spawn: () => (spawns++, child),
    answer: (m) => listener!(m),
    started: () => listener !== null,
    spawns: () => spawns,
    killed: () => killed,
  }
}

/**
 * A data folder holding one stored project, "Shop" (its key in the keychain, as far as the registry
 * knows), written by a host with a store of its own: a later host on the folder must ask its keychain.
 */
export async function dataDirWithStoredShop(): Promise<{ dataDir: string; shop: string }> {
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
  if (!added.ok) throw new Error(added.error.message)
  return { dataDir, shop: (added.value as ProjectView).id }
}
