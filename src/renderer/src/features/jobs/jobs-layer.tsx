import { useEffect } from 'react'
import { JobDialog } from './job-dialog'
import { followJobs } from './jobs-store'

/** Progress events and the job dialog, for every screen that plans or shows jobs. */
export function JobsLayer() {
  useEffect(() => followJobs(), [])
  return <JobDialog />
}
