import type { Input } from '@shared/contract'
import type { jobsChannels } from '@shared/contract/jobs'

export const jobsExamples: { [C in keyof typeof jobsChannels]: Input<C> } = {
  'jobs.list': { project: 'demo' },
  'jobs.get': { jobId: '20261123150000-a1b2c3' },
  'jobs.preview': { jobId: '20261123150000-a1b2c3', offset: 0, limit: 50 },
  'jobs.start': { jobId: '20261123150000-a1b2c3', confirm: 'Production' },
  'jobs.pause': { jobId: '20261123150000-a1b2c3' },
  'jobs.resume': { jobId: '20261123150000-a1b2c3' },
  'jobs.cancel': { jobId: '20261123150000-a1b2c3' },
  'jobs.discard': { jobId: '20261123150000-a1b2c3' },
  'jobs.interrupt': { jobId: '20261123150000-a1b2c3' },
  'jobs.stopPreview': { jobId: '20261123150000-a1b2c3' },
  'jobs.retryFailed': { jobId: '20261123150000-a1b2c3' },
  'jobs.report': { jobId: '20261123150000-a1b2c3', format: 'csv' },
  'jobs.streamReport': { jobId: '20261123150000-a1b2c3', streamId: 's1', outcomes: ['failed', 'pending'] },
}
