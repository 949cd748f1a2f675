import type { labelsChannels } from '@shared/contract/labels'
import { IMPORT_KIND } from '@shared/models/import'
import type { JobView } from '@shared/models/jobs'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import { labelJobKind } from './label-kind'
import { LabelOverviewService } from './label-overview'
import { describeLabelChange } from './label-ops'
import { describeSelection } from '../jobs/describe'
import type { LabelCounts } from '../stats'

export function createLabelsFeature(
  core: Core,
  engine: JobEngine,
  /** The Overview's counts of a project's labels, to take where one is recent or under way. */
  counted: (project: string) => LabelCounts,
): Feature<typeof labelsChannels> {
  engine.register(labelJobKind(core))
  const overview = new LabelOverviewService(core.projects, counted, (project, users) =>
    core.events.emit('labels.progress', { project, users }),
  )
  // While the overview waits on the Overview's count, that count's progress is the Labels screen's.
  const unsubscribeCount = core.events.subscribe((event, payload) => {
    if (event !== 'stats.progress') return
    const { project, users } = payload as { project: string; users: number }
    overview.countRead(project, users)
  })
  // Any write that touches labels (one user's edit, a label job, an undo) changes the counts: the
  // next overview reads them afresh.
  const unsubscribe = core.audit.onRecord((entry) => {
    if (entry.before?.['labels'] !== undefined || entry.after?.['labels'] !== undefined)
      overview.forget(entry.project)
  })
  // An import records no entry per user, but the users it brings carry labels.
  const unsubscribeJobs = core.events.subscribe((event, payload) => {
    const job = payload as JobView
    if (event === 'jobs.changed' && job.kind === IMPORT_KIND && job.state !== 'running')
      overview.forget(job.project)
  })

  return {
    handlers: {
      'labels.overview': ({ project, refresh }) => overview.get(project, refresh),
      'labels.bulk': ({ project, selection, op, labels, to }) => {
        const change = { op, labels, ...(to !== undefined ? { to } : {}) }
        return engine.create({
          kind: 'labels',
          project,
          params: { selection, ...change },
          title: `${describeLabelChange(change)} — ${describeSelection(selection)}`,
        })
      },
    },
    async close() {
      unsubscribe()
      unsubscribeJobs()
      unsubscribeCount()
    },
  }
}
