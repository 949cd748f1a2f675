import type { LabelOverview } from '@shared/models/labels'
import { call } from '../../api'
import { useLoad } from '../../use-load'
import { useJobsStopped } from '../jobs/use-jobs-stopped'

/**
 * A project's labels with their user counts (main caches the scan for a short while);
 * `reload(true)` counts again, and so does a job on the project that stops (a label job, an import).
 * While counting again, the last counts of the same project stay on screen.
 */
export function useLabelOverview(project: string | null) {
  const stops = useJobsStopped(project)
  return useLoad<LabelOverview, boolean>(
    (refresh) => call((a) => a.labels.overview({ project: project!, refresh: refresh ?? false })),
    project,
    stops,
  )
}
