import type { sessionsChannels } from '@shared/contract/sessions'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'

export function createSessionsFeature(_core: Core, _engine: JobEngine): Feature<typeof sessionsChannels> {
  return { handlers: {} }
}
