import type { Selection } from '@shared/models/jobs'
import type { Core } from '../core'
import { recordWrite } from '../audit/record-write'
import type { JobKind } from '../jobs/job-kind'
import { selectUsers, userLabel } from '../jobs/selection'
import { applyLabelChange, labelChangeShows, sameLabels, type LabelChange } from './label-ops'

export interface LabelJobParams extends LabelChange {
  selection: Selection
}

/** The labels the user had when the selection was read; null for an id that does not exist. */
interface LabelRowData {
  labels: string[] | null
}

/**
 * Add, remove, set or rename labels over a selection. Each row reads the user, computes the new set
 * from the labels they have now and writes the whole set through the UserWriter (guard + audit).
 */
export function labelJobKind(core: Core): JobKind<LabelJobParams, LabelRowData> {
  /** What a row saw before a call whose answer was lost: a retry that finds the change made is "done". */
  const pending = new Map<string, string[]>()
  const key = (jobId: string, userId: string) => `${jobId}/${userId}`

  return {
    kind: 'labels',
    destructive: false,
    snapshotRows: true,
    async *rows(params, ctx) {
      for await (const user of selectUsers(ctx.project, params.selection, ctx.signal)) {
        yield 'missing' in user
          ? { key: user.$id, label: user.$id, data: { labels: null } }
          : { key: user.$id, label: userLabel(user), data: { labels: user.labels } }
      }
    },
    async preview(row, params) {
      if (row.data.labels === null)
        return { key: row.key, label: row.label, action: 'fail', reason: 'No user with this id.' }
      const before = row.data.labels
      const after = applyLabelChange(before, params)
      return sameLabels(before, after)
        ? {
            key: row.key,
            label: row.label,
            action: 'skip',
            reason: 'Labels already as asked.',
            before: { labels: before },
          }
        : {
            key: row.key,
            label: row.label,
            action: 'change',
            before: { labels: before },
            after: { labels: after },
          }
    },
    async apply(row, params, ctx) {
      const user = await ctx.project.clients.users.get({ userId: row.key })
      const after = applyLabelChange(user.labels, params)
      const k = key(ctx.jobId, row.key)
      if (sameLabels(user.labels, after)) {
        const seen = pending.get(k)
        pending.delete(k)
        if (seen && !sameLabels(seen, after)) {
          // Our earlier call went through but its answer was lost; log it as the write it was.
          recordWrite(core.audit, ctx.project, {
            action: `labels.${params.op}`,
            userId: row.key,
            user,
            before: { labels: seen },
            after: { labels: after },
            jobId: ctx.jobId,
          })
          return { outcome: 'done', before: { labels: seen }, after: { labels: after } }
        }
        return { outcome: 'skipped', reason: 'Labels already as asked.' }
      }
      pending.set(k, user.labels)
      await core.writer.apply(
        ctx.project,
        user,
        { labels: after },
        { action: `labels.${params.op}`, jobId: ctx.jobId, confirm: ctx.confirm },
      )
      pending.delete(k)
      return { outcome: 'done', before: { labels: user.labels }, after: { labels: after } }
    },
    async reconcile(row, params, ctx) {
      const user = await ctx.project.clients.users.get({ userId: row.key })
      return labelChangeShows(user.labels, params) ? 'done' : 'not-done'
    },
  }
}
