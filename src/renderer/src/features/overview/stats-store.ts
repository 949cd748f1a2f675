import { useEffect, useState } from 'react'
import type { JobView } from '@shared/models/jobs'
import type { ProjectStats } from '@shared/models/stats'
import { api, call } from '../../api'
import { useLoad } from '../../use-load'

/** A job that has stopped changing users for now: what it did is there to count. */
const stopped = new Set<JobView['state']>(['completed', 'paused', 'cancelled', 'interrupted'])

/**
 * How many of Userdeck's own jobs on `project` have stopped since this was mounted. The host drops
 * its cached figures when such a job changed them; asking again after each one shows the new counts.
 */
function useJobsStopped(project: string | null): number {
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

/**
 * A project's figures, from the host's cache (with the time they were counted); `reload(true)`
 * counts again. The last figures stay on screen while new ones are counted.
 */
export function useProjectStats(project: string | null) {
  const stops = useJobsStopped(project)
  return useLoad<ProjectStats, boolean>(
    (refresh) => call((a) => a.stats.project({ project: project!, refresh: refresh ?? false })),
    project,
    stops,
  )
}
