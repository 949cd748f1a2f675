import type { activityChannels } from '@shared/contract/activity'
import { fail } from '@shared/errors'
import type { AuditEntry } from '@shared/models'
import type { ActivityEntry } from '@shared/models/activity'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import { undoJobKind } from '../jobs/undo-kind'
import { canUndo, undoEntry } from './undo'

/** The Activity screen's channels: the audit log, filtered, and undo. */
export function createActivityFeature(core: Core, engine: JobEngine): Feature<typeof activityChannels> {
  engine.register(undoJobKind(core))

  const view = (e: AuditEntry): ActivityEntry => {
    const undone = core.audit.isUndone(e.id)
    return { ...e, undoable: canUndo(e) && !undone, undone }
  }

  return {
    handlers: {
      'activity.list': async ({ limit, before, ...filter }) => {
        const all = core.audit.list(filter)
        const start = before ? all.findIndex((e) => e.id === before) + 1 : 0
        const page = all.slice(start, start + limit)
        return {
          entries: page.map(view),
          nextBefore: start + limit < all.length ? (page.at(-1)?.id ?? null) : null,
        }
      },
      'activity.undo': async ({ entryId, force, confirm }) => undoEntry(core, entryId, force, confirm),
      'activity.undoJob': async ({ jobId, force, confirm }) => {
        const entries = core.audit.list({ jobId })
        const first = entries.find((e) => canUndo(e) && !core.audit.isUndone(e.id))
        if (!first)
          fail('invalid_request', 'Nothing in this job can be undone: ended sessions cannot be brought back.')
        let title = `Undo job ${jobId}`
        try {
          title = `Undo: ${engine.get(jobId).title}`
        } catch {
          // The job's folder may be gone; its audit entries are enough to undo it.
        }
        const job = await engine.create({
          kind: 'undo',
          project: first.project,
          params: { jobId, force },
          title,
        })
        return engine.start(job.id, { confirm })
      },
    },
  }
}
