import type { Models } from 'node-appwrite'
import type { SessionView } from '@shared/models/sessions'
import type { Selection } from '@shared/models/jobs'
import type { Core } from '../core'
import { recordWrite, type WriteRecord } from '../audit/record-write'
import type { JobContext, JobKind, RowResult } from '../jobs/job-kind'
import { selectUsers, userLabel } from '../jobs/selection'
import type { ResolvedProject } from '../projects/projects-service'

export interface SessionJobParams {
  selection: Selection
}

interface SessionRowData {
  exists: boolean
}

export function toSessionView(s: Models.Session): SessionView {
  return {
    id: s.$id,
    createdAt: s.$createdAt,
    expire: s.expire,
    provider: s.provider,
    ip: s.ip,
    clientName: s.clientName,
    osName: s.osName,
    deviceName: s.deviceName,
    countryName: s.countryName,
  }
}

/**
 * Ends every session of a user and records it. Appwrite cannot bring a session back, so the entry
 * keeps the count and ids for the record but is not undoable.
 */
export async function endAllSessions(
  core: Core,
  project: ResolvedProject,
  userId: string,
  sessionIds: string[],
  who: WriteRecord['user'],
  jobId?: string,
): Promise<void> {
  await project.clients.users.deleteSessions({ userId })
  recordEnded(core, project, userId, sessionIds, who, jobId)
}

/** `who` names the user in Activity: the sessions ended say nothing of whose they were. */
export function recordEnded(
  core: Core,
  project: ResolvedProject,
  userId: string,
  sessionIds: string[],
  who: WriteRecord['user'],
  jobId?: string,
): void {
  recordWrite(core.audit, project, {
    action: 'sessions.kill',
    userId,
    user: who,
    before: { sessions: sessionIds.length, sessionIds },
    after: { sessions: 0 },
    jobId,
  })
}

async function* sessionRows(params: SessionJobParams, ctx: JobContext) {
  for await (const user of selectUsers(ctx.project, params.selection, ctx.signal)) {
    yield 'missing' in user
      ? { key: user.$id, label: user.$id, data: { exists: false } }
      : { key: user.$id, label: userLabel(user), data: { exists: true } }
  }
}

const missing = (row: { key: string; label: string }) =>
  ({ key: row.key, label: row.label, action: 'fail', reason: 'No user with this id.' }) as const

async function sessionIdsOf(ctx: JobContext, userId: string): Promise<string[]> {
  const list = await ctx.project.clients.users.listSessions({ userId })
  return list.sessions.map((s) => s.$id)
}

/**
 * Ends sessions whose delete was sent but whose answer was lost: the retry finds none left and must
 * still count the row done (and log it), not skip it as "no sessions".
 */
function sessionsEnder(core: Core) {
  const inFlight = new Map<string, string[]>()
  return async (ctx: JobContext, userId: string, who: WriteRecord['user']): Promise<RowResult | null> => {
    const k = `${ctx.jobId}/${userId}`
    const ids = await sessionIdsOf(ctx, userId)
    if (ids.length === 0) {
      const sent = inFlight.get(k)
      inFlight.delete(k)
      if (!sent) return null
      recordEnded(core, ctx.project, userId, sent, who, ctx.jobId)
      return { outcome: 'done', before: { sessions: sent.length }, after: { sessions: 0 } }
    }
    inFlight.set(k, ids)
    await endAllSessions(core, ctx.project, userId, ids, who, ctx.jobId)
    inFlight.delete(k)
    return { outcome: 'done', before: { sessions: ids.length }, after: { sessions: 0 } }
  }
}

/** Ends every session of each selected user. */
export function sessionKillKind(core: Core): JobKind<SessionJobParams, SessionRowData> {
  const end = sessionsEnder(core)
  return {
    kind: 'sessions.kill',
    destructive: true,
    snapshotRows: true,
    rows: sessionRows,
    async preview(row, _params, ctx) {
      if (!row.data.exists) return missing(row)
      const ids = await sessionIdsOf(ctx, row.key)
      return ids.length === 0
        ? { key: row.key, label: row.label, action: 'skip', reason: 'No sessions.', before: { sessions: 0 } }
        : {
            key: row.key,
            label: row.label,
            action: 'change',
            before: { sessions: ids.length },
            after: { sessions: 0 },
          }
    },
    async apply(row, _params, ctx) {
      // The row's label is the user's email, phone or name, as the selection read them.
      const who = row.label !== row.key ? { name: row.label } : undefined
      return (await end(ctx, row.key, who)) ?? { outcome: 'skipped', reason: 'No sessions.' }
    },
    async reconcile(row, _params, ctx) {
      return (await sessionIdsOf(ctx, row.key)).length === 0 ? 'done' : 'not-done'
    },
  }
}

/** The incident action: block each selected user, then end all their sessions. The block can be undone. */
export function lockOutKind(core: Core): JobKind<SessionJobParams, SessionRowData> {
  const end = sessionsEnder(core)
  const blocking = new Set<string>()
  /** Rows this job has blocked and not yet ended: a retry that finds them blocked counts its own work. */
  const blockedHere = new Set<string>()
  return {
    kind: 'sessions.lockOut',
    destructive: true,
    snapshotRows: true,
    rows: sessionRows,
    async preview(row, _params, ctx) {
      if (!row.data.exists) return missing(row)
      const [user, ids] = await Promise.all([
        ctx.project.clients.users.get({ userId: row.key }),
        sessionIdsOf(ctx, row.key),
      ])
      const before = { status: user.status ? 'active' : 'blocked', sessions: ids.length }
      if (!user.status && ids.length === 0)
        return {
          key: row.key,
          label: row.label,
          action: 'skip',
          reason: 'Already blocked, no sessions.',
          before,
        }
      return {
        key: row.key,
        label: row.label,
        action: 'change',
        before,
        after: { status: 'blocked', sessions: 0 },
      }
    },
    async apply(row, _params, ctx) {
      const user = await ctx.project.clients.users.get({ userId: row.key })
      const k = `${ctx.jobId}/${row.key}`
      let blocked = false
      if (user.status) {
        // Block first: a blocked user cannot open a new session between the two calls.
        blocking.add(k)
        await core.writer.apply(
          ctx.project,
          user,
          { status: false },
          { action: 'users.lockOut', jobId: ctx.jobId, confirm: ctx.confirm },
        )
        blocking.delete(k)
        blockedHere.add(k)
        blocked = true
      } else if (blockedHere.has(k)) {
        // This job blocked the user on an earlier try of this row (ending the sessions then failed):
        // the row is the job's own work, not one that needed nothing.
        blocked = true
      } else if (blocking.delete(k)) {
        // The block went through but its answer was lost: log it as the write it was.
        recordWrite(core.audit, ctx.project, {
          action: 'users.lockOut',
          userId: row.key,
          user,
          before: { status: true },
          after: { status: false },
          jobId: ctx.jobId,
        })
        blocked = true
      }
      const ended = await end(ctx, row.key, user)
      blockedHere.delete(k)
      if (!blocked && !ended) return { outcome: 'skipped', reason: 'Already blocked, no sessions.' }
      return { outcome: 'done', after: { status: 'blocked', sessions: 0 } }
    },
    async reconcile(row, _params, ctx) {
      const [user, ids] = await Promise.all([
        ctx.project.clients.users.get({ userId: row.key }),
        sessionIdsOf(ctx, row.key),
      ])
      return !user.status && ids.length === 0 ? 'done' : 'not-done'
    },
  }
}
