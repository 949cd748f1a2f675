import type { ProjectStats } from '@shared/models/stats'
import { call } from '../../api'
import { useJobsStopped } from '../jobs/use-jobs-stopped'
import { useLoad } from '../../use-load'

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
