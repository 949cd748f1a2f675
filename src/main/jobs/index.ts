import type { jobsChannels } from '@shared/contract/jobs'
import type { Core, Feature } from '../core'
import { JobEngine } from './job-engine'

export function createJobsFeature(core: Core): Feature<typeof jobsChannels> & { engine: JobEngine } {
  const engine = new JobEngine(core)
  return { engine, handlers: {}, close: () => engine.close() }
}
