import type { LabelOverview } from '@shared/models/labels'
import { call } from '../../api'
import { useLoad } from '../../use-load'

/**
 * A project's labels with their user counts (main caches the scan for a short while);
 * `reload(true)` counts again. While counting again, the last counts of the same project stay on screen.
 */
export function useLabelOverview(project: string | null) {
  return useLoad<LabelOverview, boolean>(
    (refresh) => call((a) => a.labels.overview({ project: project!, refresh: refresh ?? false })),
    project,
  )
}
