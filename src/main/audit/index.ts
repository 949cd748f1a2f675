import type { activityChannels } from '@shared/contract/activity'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'

/** The Activity screen's channels: the audit log, filtered, and undo. */
export function createActivityFeature(_core: Core, _engine: JobEngine): Feature<typeof activityChannels> {
  return { handlers: {} }
}
