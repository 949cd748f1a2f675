import type { Shell } from '@shared/models'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from './temp-dir'

/** A host with its parts in reach, keys in memory and the demo seeded with `seed` users (0: no demo). */
export function testHost(
  options: {
    dataDir?: string
    seed?: number
    shell?: Shell
    openInBrowser?: (url: string) => Promise<void>
  } = {},
): Promise<HostInternals> {
  const { dataDir = tempDir(), seed = 5, shell = 'cli', ...rest } = options
  return createHostInternals({
    dataDir,
    shell,
    secrets: new MemorySecretStore(),
    demo: seed > 0 ? { seed } : false,
    ...rest,
  })
}
