import { useEffect, useState } from 'react'
import type { JobView } from '@shared/models/jobs'
import { api } from '../../api'

/** A job that has stopped changing users for now: what it did is there to count. */
const stopped = new Set<JobView['state']>(['completed', 'paused', 'cancelled', 'interrupted'])

/**
 * How many of Userdeck's own jobs on `project` have stopped since this was mounted. The host drops
 * its cached figures (users, labels) when such a job changed them; asking again after each one shows
 * the new counts.
 */
export function useJobsStopped(project: string | null): number {
  const [stops, setStops] = useState(0)
  useEffect(
    () =>
      api().on('jobs.changed', (job) => {
        if (job.project === project && stopped.has(job.state)) setStops((n) => n + 1)
      }),
    [project],
  )
  return stops
}
