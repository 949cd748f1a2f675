import { isDeepStrictEqual } from 'node:util'
import { ID, MessagingProviderType } from 'node-appwrite'
import type { ParsedInput } from '@shared/contract'
import { targetIdentifierProblem } from '@shared/contract/access'
import { fail } from '@shared/errors'
import type { AuditEntry } from '@shared/models'
import type { UserTarget } from '@shared/models'
import type { TargetProviderType, TargetWrite } from '@shared/models/access'
import type { Core } from '../core'
import type { ResolvedProject } from '../projects/projects-service'
import { toUserTarget } from '../users/user-record'
import { recordWrite, undoOf, whoIs } from '../audit/record-write'

/** What an audit entry keeps of a target: enough to say what it was and to set an edit back. */
function snapshot(t: UserTarget): Record<string, unknown> {
  return { target: { ...t } }
}

function targetOf(state: Record<string, unknown> | null): UserTarget | null {
  return (state?.['target'] as UserTarget | undefined) ?? null
}

const providerTypes: Record<TargetProviderType, MessagingProviderType> = {
  email: MessagingProviderType.Email,
  sms: MessagingProviderType.Sms,
  push: MessagingProviderType.Push,
}

export async function createTarget(core: Core, input: ParsedInput<'targets.create'>): Promise<TargetWrite> {
  const project = await core.projects.resolveForWrite(input.project, { confirm: input.confirm })
  const created = await project.clients.users.createTarget({
    userId: input.userId,
    targetId: input.targetId ?? ID.unique(),
    providerType: providerTypes[input.providerType],
    identifier: input.identifier,
    ...(input.providerId ? { providerId: input.providerId } : {}),
    ...(input.name ? { name: input.name } : {}),
  })
  const target = toUserTarget(created)
  const entry = recordWrite(core.audit, project, {
    action: 'targets.create',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: null,
    after: snapshot(target),
  })
  return { target, entryId: entry.id, undoable: true }
}

export async function updateTarget(core: Core, input: ParsedInput<'targets.update'>): Promise<TargetWrite> {
  const project = await core.projects.resolveForWrite(input.project, { confirm: input.confirm })
  const users = project.clients.users
  const before = toUserTarget(await users.getTarget({ userId: input.userId, targetId: input.targetId }))
  if (input.identifier !== undefined) {
    // Appwrite checks an edited identifier against the target's own type, which only main knows here.
    const problem = targetIdentifierProblem(before.providerType, input.identifier)
    if (problem) fail('invalid_input', `targets.update: "identifier": ${problem}`, { field: 'identifier' })
  }
  const updated = await users.updateTarget({
    userId: input.userId,
    targetId: input.targetId,
    ...(input.identifier !== undefined ? { identifier: input.identifier } : {}),
    ...(input.providerId !== undefined ? { providerId: input.providerId } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
  })
  const target = toUserTarget(updated)
  const entry = recordWrite(core.audit, project, {
    action: 'targets.update',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: snapshot(before),
    after: snapshot(target),
  })
  return { target, entryId: entry.id, undoable: canUndoTarget(entry) }
}

/** Removal is final: an email or SMS target can be added again, but a push target's device token is gone. */
export async function removeTarget(core: Core, input: ParsedInput<'targets.remove'>): Promise<TargetWrite> {
  const project = await core.projects.resolveForWrite(input.project, {
    destructive: true,
    confirm: input.confirm,
  })
  const users = project.clients.users
  const before = toUserTarget(await users.getTarget({ userId: input.userId, targetId: input.targetId }))
  await users.deleteTarget({ userId: input.userId, targetId: input.targetId })
  const entry = recordWrite(core.audit, project, {
    action: 'targets.remove',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: snapshot(before),
    after: null,
  })
  return { target: null, entryId: entry.id, undoable: false }
}

/** Whether an audit entry is a target change this module can set back. */
export function isTargetEntry(entry: AuditEntry): boolean {
  return entry.action === 'targets.create' || entry.action === 'targets.update'
}

/**
 * A created target can be removed again; an edit can be set back unless it moved the target to a
 * provider (Appwrite cannot clear a provider id once set).
 */
export function canUndoTarget(entry: AuditEntry): boolean {
  const before = targetOf(entry.before)
  const after = targetOf(entry.after)
  if (!entry.userId || !after) return false
  if (entry.action === 'targets.create') return true
  return entry.action === 'targets.update' && before !== null && before.providerId === after.providerId
}

/**
 * Sets a target change back. Refuses, unless `force`, when the target changed since (its identifier
 * or name is no longer the entry's `after`), as field undo does.
 */
export async function undoTarget(
  core: Core,
  entry: AuditEntry,
  force: boolean,
  jobId?: string,
  confirm?: string,
): Promise<AuditEntry> {
  const project = await core.projects.resolveForWrite(entry.project, { confirm })
  const users = project.clients.users
  const userId = entry.userId!
  const after = targetOf(entry.after)!
  const current = toUserTarget(await users.getTarget({ userId, targetId: after.id }))
  if (!force && !sameEditable(current, after)) {
    fail('conflict', `The target ${after.id} changed since; undoing would overwrite that.`, {
      field: 'force',
    })
  }
  const restored = await setBack(project, entry, current)
  return recordWrite(core.audit, project, {
    ...undoOf(entry, jobId),
    userId,
    user: await whoIs(project, userId),
    before: snapshot(current),
    after: restored && snapshot(restored),
  })
}

function sameEditable(a: UserTarget, b: UserTarget): boolean {
  return isDeepStrictEqual([a.identifier, a.name], [b.identifier, b.name])
}

/** Removes a created target (null), or puts an edited one's identifier and name back (the target now). */
async function setBack(
  project: ResolvedProject,
  entry: AuditEntry,
  current: UserTarget,
): Promise<UserTarget | null> {
  const users = project.clients.users
  const userId = entry.userId!
  if (entry.action === 'targets.create') {
    await users.deleteTarget({ userId, targetId: current.id })
    return null
  }
  const before = targetOf(entry.before)!
  return toUserTarget(
    await users.updateTarget({
      userId,
      targetId: current.id,
      identifier: before.identifier,
      // Appwrite ignores an empty name, so a name that was empty stays as it is now.
      ...(before.name ? { name: before.name } : {}),
    }),
  )
}
