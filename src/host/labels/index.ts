import type { labelsChannels } from '@shared/contract/labels'
import { fail } from '@shared/errors'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import { toUserRecord } from '../users/user-record'
import { labelJobKind } from './label-kind'
import { LabelOverviewService } from './label-overview'
import { applyLabelChange, describeLabelChange, sameLabels } from './label-ops'
import { describeSelection } from '../jobs/describe'

export function createLabelsFeature(core: Core, engine: JobEngine): Feature<typeof labelsChannels> {
  engine.register(labelJobKind(core))
  const overview = new LabelOverviewService(core.projects)
  const unsubscribe = core.events.subscribe((event, payload) => {
    // A label job (or the undo of one) changes the counts: the next overview reads them afresh.
    if (event === 'jobs.changed') {
      const job = payload as { kind: string; project: string; state: string }
      if ((job.kind === 'labels' || job.kind === 'undo') && job.state !== 'running')
        overview.forget(job.project)
    }
  })

  return {
    handlers: {
      'labels.overview': ({ project, refresh }) => overview.get(project, refresh),
      'labels.edit': async ({ project: ref, userId, add, remove, confirm }) => {
        const overlap = add.filter((l) => remove.includes(l))
        if (overlap.length)
          fail('invalid_input', `Label "${overlap[0]}" is both added and removed.`, { field: 'add' })
        core.projects.guardWrite(ref, { confirm })
        const project = await core.projects.resolve(ref)
        const user = await project.clients.users.get({ userId })
        const added = applyLabelChange(user.labels, { op: 'add', labels: add })
        const after = applyLabelChange(added, { op: 'remove', labels: remove })
        if (sameLabels(user.labels, after)) return toUserRecord(user)
        overview.forget(ref)
        return core.writer.apply(project, user, { labels: after }, { action: 'labels.edit', confirm })
      },
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
    },
  }
}
