import type { JobView, ReportRow, RowState } from '@shared/models/jobs'
import { AppErrorException } from '@shared/errors'
import type { Host } from '../host'

/**
 * Whether a job no longer runs here, as it ended: a pause is not (the job waits to go on), and a
 * cancel is only once the rows in flight at it have ended (its finishedAt), so the counts printed
 * and the report then read are final.
 */
function hasStopped(job: JobView): boolean {
  if (job.state === 'cancelled') return job.finishedAt !== null
  return job.state === 'completed' || job.state === 'interrupted'
}

/**
 * Starts or resumes a job with `begin` and answers with its view once it stops running, learning
 * of it as the window does: from `jobs.changed`, which always carries a job's last state. The
 * subscription comes first, so no change between `begin` and the wait is missed.
 */
export async function followJob(
  events: Host['events'],
  jobId: string,
  begin: () => Promise<JobView>,
  onProgress: (job: JobView) => void = () => {},
): Promise<JobView> {
  let unsubscribe = () => {}
  const stopped = new Promise<JobView>((resolve) => {
    unsubscribe = events.subscribe((event, payload) => {
      const job = payload as JobView
      if (event !== 'jobs.changed' || job.id !== jobId) return
      if (hasStopped(job)) resolve(job)
      else onProgress(job)
    })
  })
  try {
    const begun = await begin()
    return hasStopped(begun) ? begun : await stopped
  } finally {
    unsubscribe()
  }
}

let streams = 0

/** A job's report rows with these outcomes, streamed through `jobs.reportRows` events, in report order. */
export async function streamReport(
  host: Pick<Host, 'dispatch' | 'events'>,
  jobId: string,
  outcomes: RowState[],
): Promise<ReportRow[]> {
  const streamId = `${jobId}-${++streams}`
  const rows: ReportRow[] = []
  const unsubscribe = host.events.subscribe((event, payload) => {
    const batch = payload as { streamId: string; rows: ReportRow[] }
    if (event === 'jobs.reportRows' && batch.streamId === streamId) rows.push(...batch.rows)
  })
  try {
    const answer = await host.dispatch('jobs.streamReport', { jobId, streamId, outcomes })
    if (!answer.ok) throw new AppErrorException(answer.error)
    return rows
  } finally {
    unsubscribe()
  }
}
