import type { activityChannels } from '@shared/contract/activity'
import { fail } from '@shared/errors'
import type { AuditEntry } from '@shared/models'
import type { ActivityEntry, ActivityJobSummary } from '@shared/models/activity'
import { IMPORT_KIND } from '@shared/models/import'
import type { JobView } from '@shared/models/jobs'
import type { Core, Feature } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import type { Restorer } from '../bulk'
import { undoJobKind } from '../jobs/undo-kind'
import { canUndo, checkUndoHere, undoBlockedOf, undoEntry } from './undo'

/**
 * One row per job: its newest matching entry stands for it, and a summary counts all of them. The
 * fold runs over the whole matching list, so a job is one row however many pages its entries span.
 */
function foldJobs(
  matching: AuditEntry[],
  core: Core,
  restorer: Restorer,
): { rows: AuditEntry[]; jobs: Map<string, ActivityJobSummary> } {
  const rows: AuditEntry[] = []
  const jobs = new Map<string, ActivityJobSummary>()
  for (const e of matching) {
    if (!e.jobId) {
      rows.push(e)
      continue
    }
    let job = jobs.get(e.jobId)
    if (!job) {
      job = {
        jobId: e.jobId,
        count: 0,
        undoable: 0,
        undone: 0,
        actions: {},
        samples: {},
        from: e.time,
        to: e.time,
      }
      jobs.set(e.jobId, job)
      rows.push(e)
    }
    job.count += 1
    if (core.audit.isUndone(e.id)) job.undone += 1
    else if (canUndo(e) || restorer.canRestore(e, false)) {
      const blocked = undoBlockedOf(core, e)
      if (blocked) job.undoBlocked = blocked
      else job.undoable += 1
    }
    job.actions[e.action] = (job.actions[e.action] ?? 0) + 1
    job.samples[e.action] ??= e
    job.from = e.time
  }
  return { rows, jobs }
}

function pick(jobs: Map<string, ActivityJobSummary>, page: AuditEntry[]): Record<string, ActivityJobSummary> {
  const out: Record<string, ActivityJobSummary> = {}
  for (const e of page) if (e.jobId) out[e.jobId] = jobs.get(e.jobId)!
  return out
}

/** The Activity screen's channels: the audit log, filtered, and undo. */
export function createActivityFeature(
  core: Core,
  engine: JobEngine,
  restorer: Restorer,
): Feature<typeof activityChannels> {
  engine.register(undoJobKind(core))

  const view = (e: AuditEntry): ActivityEntry => {
    const undone = core.audit.isUndone(e.id)
    const allowed = (canUndo(e) && !undone) || restorer.canRestore(e, undone)
    const blocked = allowed ? undoBlockedOf(core, e) : undefined
    return { ...e, undoable: allowed && !blocked, undone, ...(blocked ? { undoBlocked: blocked } : {}) }
  }

  return {
    handlers: {
      'activity.list': async ({ limit, before, groupJobs, ...filter }) => {
        const matching = core.audit.list(filter)
        const { rows, jobs } = groupJobs
          ? foldJobs(matching, core, restorer)
          : { rows: matching, jobs: undefined }
        const start = before ? rows.findIndex((e) => e.id === before) + 1 : 0
        const page = rows.slice(start, start + limit)
        return {
          entries: page.map(view),
          nextBefore: start + limit < rows.length ? (page.at(-1)?.id ?? null) : null,
          ...(jobs ? { jobs: pick(jobs, page) } : {}),
        }
      },
      'activity.get': async ({ entryId }) => {
        const entry = core.audit.get(entryId)
        if (!entry) fail('not_found', `There is no activity entry ${entryId}.`, { field: 'entryId' })
        return view(entry)
      },
      'activity.undo': async ({ entryId, force, confirm }) => {
        const entry = core.audit.get(entryId)
        if (entry) checkUndoHere(core, entry)
        if (!entry || !restorer.canRestore(entry, core.audit.isUndone(entry.id)))
          return undoEntry(core, entryId, force, undefined, confirm)
        // A deleted user comes back by a restore job of one, which writes the undo entry.
        const job = await restorer.restore(entry.jobId!, [entry.userId!], { confirm })!
        const ended = await engine.wait(job.id)
        if (ended.counts.done !== 1) {
          const [row] = await engine.report(job.id)
          fail('conflict', row?.reason ?? ended.lastError ?? 'The user could not be brought back.')
        }
        return core.audit.list({ userId: entry.userId!, limit: 1 })[0]!
      },
      'activity.undoJob': async ({ jobId, force, plan, confirm }) => {
        // A job's entries are all of one project: the first says whether it is here to undo them.
        const entries = core.audit.list({ jobId })
        if (entries[0]) checkUndoHere(core, entries[0])
        const restoring = restorer.restore(jobId, undefined, { confirm, plan })
        if (restoring) return restoring
        const first = entries.find((e) => canUndo(e) && !core.audit.isUndone(e.id))
        let job: JobView | null = null
        try {
          job = engine.get(jobId)
        } catch {
          // The job's folder may be gone; its audit entries are enough to undo it.
        }
        if (!first) fail('invalid_request', nothingToUndo(entries, job))
        const undo = {
          kind: 'undo',
          project: first.project,
          params: { jobId, force },
          title: job ? `Undo: ${job.title}` : `Undo job ${jobId}`,
          undoes: jobId,
        }
        return plan ? engine.create(undo) : engine.createAndStart(undo, { confirm })
      },
    },
  }
}

/** Why a job has nothing to undo, in the terms of what it did. */
function nothingToUndo(entries: readonly AuditEntry[], job: JobView | null): string {
  if (entries.length > 0 && entries.every((e) => canUndo(e)))
    return 'Every change of this job has been undone already.'
  if (entries.length > 0) return 'Nothing in this job can be undone: ended sessions cannot be brought back.'
  if (job?.kind === IMPORT_KIND)
    return "An import is not undone as a job. To take its users out again, delete them with a bulk delete of their ids: the import's report gives the id of each user it created."
  return 'This job changed nobody, so there is nothing to undo.'
}
