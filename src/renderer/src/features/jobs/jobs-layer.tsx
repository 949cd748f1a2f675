import { Suspense, useEffect } from 'react'
import { lazyPart, useShownOnce } from '../../components/lazy-part'
import { followJobs, useJobs } from './jobs-store'

// The dialog's code (preview, progress, report tables) loads when a job is first opened.
const JobDialog = lazyPart(() => import('./job-dialog').then((m) => m.JobDialog))

/** Progress events and the job dialog, for every screen that plans or shows jobs. */
export function JobsLayer() {
  useEffect(() => followJobs(), [])
  const shown = useShownOnce(useJobs((s) => s.open !== null))
  return shown ? (
    <Suspense fallback={null}>
      <JobDialog />
    </Suspense>
  ) : null
}
