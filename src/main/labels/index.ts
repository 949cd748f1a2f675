import type { labelsChannels } from '@shared/contract/labels'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'

export function createLabelsFeature(_core: Core, _engine: JobEngine): Feature<typeof labelsChannels> {
  return { handlers: {} }
}
