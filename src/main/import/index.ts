import type { importChannels } from '@shared/contract/import'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'

export function createImportFeature(_core: Core, _engine: JobEngine): Feature<typeof importChannels> {
  return { handlers: {} }
}
