import type { JobView } from '@shared/models/jobs'
import type { HostInternals } from '../../../src/host/host'

/**
 * Resolves with the job's view once it satisfies `test`, learning of it from `jobs.changed` as the
 * window does (the job's current view first). Call it before the action that should bring it about.
 */
export function jobWhen(
  host: HostInternals,
  jobId: string,
  test: (job: JobView) => boolean,
): Promise<JobView> {
  return new Promise((resolve) => {
    const unsubscribe = host.events.subscribe((event, payload) => {
      const job = payload as JobView
      if (event !== 'jobs.changed' || job.id !== jobId || !test(job)) return
      unsubscribe()
      resolve(job)
    })
    try {
      const now = host.services.jobs.get(jobId)
      if (test(now)) {
        unsubscribe()
        resolve(now)
      }
    } catch {
      // Not planned yet: its first event will tell.
    }
  })
}
