import type { jobsChannels } from '@shared/contract/jobs'
import type { Core, Feature } from '../core'
import { JobEngine } from './job-engine'
import { saveReport } from './report'
import type { ReportRow } from '@shared/models/jobs'

/** Rows per `jobs.reportRows` event: few events for a big report, each small enough to send at once. */
const REPORT_BATCH = 1000

export function createJobsFeature(core: Core): Feature<typeof jobsChannels> & { engine: JobEngine } {
  const engine = new JobEngine(core)
  return {
    engine,
    handlers: {
      'jobs.list': async ({ project }) => engine.list(project ? { project } : {}),
      'jobs.get': async ({ jobId }) => engine.get(jobId),
      'jobs.preview': ({ jobId, offset, limit }) => engine.preview(jobId, { offset, limit }),
      'jobs.stopPreview': async ({ jobId }) => engine.stopPreview(jobId),
      'jobs.start': ({ jobId, confirm }) => engine.start(jobId, confirm !== undefined ? { confirm } : {}),
      'jobs.pause': async ({ jobId }) => engine.pause(jobId),
      'jobs.resume': ({ jobId, confirm }) => engine.resume(jobId, confirm !== undefined ? { confirm } : {}),
      'jobs.cancel': async ({ jobId }) => engine.cancel(jobId),
      'jobs.discard': async ({ jobId }) => {
        await engine.discard(jobId)
        return { discarded: jobId }
      },
      'jobs.interrupt': async ({ jobId }) => engine.interrupt(jobId),
      'jobs.retryFailed': async ({ jobId }) => engine.retryFailed(jobId),
      'jobs.report': ({ jobId, format }) =>
        saveReport(engine.get(jobId), engine.reportRows(jobId), format, engine.dirOf(jobId)),
      'jobs.streamReport': async ({ jobId, streamId, outcomes }) => {
        const wanted = new Set<string>(outcomes)
        let batch: ReportRow[] = []
        let rows = 0
        const send = () => {
          if (batch.length > 0) core.events.emit('jobs.reportRows', { streamId, rows: batch })
          batch = []
        }
        for await (const row of engine.reportRows(jobId)) {
          if (!wanted.has(row.outcome)) continue
          batch.push(row)
          rows++
          if (batch.length === REPORT_BATCH) send()
        }
        send()
        return { rows }
      },
    },
    close: () => engine.close(),
  }
}
