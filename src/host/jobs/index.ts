import type { jobsChannels } from '@shared/contract/jobs'
import type { Core, Feature } from '../core'
import { JobEngine } from './job-engine'
import { saveReport } from './report'

export function createJobsFeature(core: Core): Feature<typeof jobsChannels> & { engine: JobEngine } {
  const engine = new JobEngine(core)
  return {
    engine,
    handlers: {
      'jobs.list': async ({ project }) => engine.list(project ? { project } : {}),
      'jobs.get': async ({ jobId }) => engine.get(jobId),
      'jobs.preview': ({ jobId, offset, limit }) => engine.preview(jobId, { offset, limit }),
      'jobs.start': ({ jobId, confirm }) => engine.start(jobId, confirm !== undefined ? { confirm } : {}),
      'jobs.pause': async ({ jobId }) => engine.pause(jobId),
      'jobs.resume': ({ jobId, confirm }) => engine.resume(jobId, confirm !== undefined ? { confirm } : {}),
      'jobs.cancel': async ({ jobId }) => engine.cancel(jobId),
      'jobs.report': ({ jobId, format }) =>
        saveReport(engine.get(jobId), engine.reportRows(jobId), format, engine.dirOf(jobId)),
    },
    close: () => engine.close(),
  }
}
