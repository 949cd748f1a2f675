import { isDeepStrictEqual } from 'node:util'
import { fail } from '@shared/errors'
import type { AuditEntry } from '@shared/models'
import { undoBlockedWords, type UndoBlocked } from '@shared/undo-blocked'
import { isAdhocRef } from '../projects/adhoc-source'
import type { Core } from '../core'
import { undoOf } from './record-write'
import { userFields, type UserChange } from '../users/user-writer'
import { canUndoTarget, isTargetEntry, undoTarget } from '../access/targets'

/** Whether Appwrite lets this entry be set back: only field changes are; ended sessions and deletions are not. */
export function canUndo(entry: AuditEntry): boolean {
  if (entry.undoOf) return false
  if (isTargetEntry(entry)) return canUndoTarget(entry)
  if (!entry.userId || !entry.before) return false
  return (
    Object.keys(entry.before).length > 0 &&
    Object.keys(entry.before).every((k) => (userFields as readonly string[]).includes(k))
  )
}

/** Why an entry cannot be undone from here whatever Appwrite allows: its project is not known to this host. */
export function undoBlockedOf(core: Core, entry: AuditEntry): UndoBlocked | undefined {
  if (core.projects.known(entry.project)) return undefined
  return isAdhocRef(entry.project) ? 'command_line' : 'project_removed'
}

/** Refuses an undo of an entry (or of its job) whose project is not here, in the person's terms. */
export function checkUndoHere(core: Core, entry: AuditEntry): void {
  const blocked = undoBlockedOf(core, entry)
  if (blocked) fail('not_found', undoBlockedWords[blocked].why(entry.projectName))
}

/**
 * Sets the fields of one audit entry back to their `before`, on the server and project the change
 * was made on (an entry made before places were recorded has none: there, where the project points
 * now). Refuses when someone changed them since (a current value neither the entry's `after` nor its
 * `before`) unless `force`: undo must not silently overwrite a later edit. The refusal's field is
 * `force`, which each shell offers in its own terms (a button, a flag). The undo is logged under the
 * job doing it (if any), not the original's job, so an undo job is a job of its own in Activity;
 * `undoOf` links each undo to what it reversed.
 */
export async function undoEntry(
  core: Core,
  entryId: string,
  force = false,
  /** The undo job this runs in; an undo made by itself belongs to no job. */
  jobId?: string,
  /** The person's confirmation (or the undo job's), for a project that confirms every write. */
  confirm?: string,
): Promise<AuditEntry> {
  const entry = core.audit.get(entryId)
  if (!entry) fail('not_found', 'That activity entry no longer exists.')
  if (core.audit.isUndone(entry.id)) fail('conflict', 'This change has already been undone.')
  if (!canUndo(entry))
    fail('invalid_request', `"${entry.action}" cannot be undone: Appwrite offers no way to reverse it.`)
  checkUndoHere(core, entry)
  core.projects.checkPlace(
    entry.project,
    entry.place,
    'This change was made on',
    'An undo goes only where the change was made: point the project back to undo it.',
  )
  if (isTargetEntry(entry)) return undoTarget(core, entry, force, jobId, confirm)
  const project = await core.projects.resolve(entry.project)
  const current = await project.clients.users.get({ userId: entry.userId! })
  // Appwrite's User carries these fields under the same names the audit log uses.
  const currentRecord = current as unknown as Record<string, unknown>
  if (!force) {
    // A field set back already (the block undone by an unblock) holds what the undo writes: it
    // overwrites nothing there.
    const changedSince = Object.keys(entry.after ?? {}).filter(
      (k) =>
        !isDeepStrictEqual(currentRecord[k], entry.after?.[k]) &&
        !isDeepStrictEqual(currentRecord[k], entry.before?.[k]),
    )
    if (changedSince.length > 0) {
      fail('conflict', `The user's ${changedSince.join(', ')} changed since; undoing would overwrite that.`, {
        field: 'force',
      })
    }
  }
  const { entry: undo } = await core.writer.apply(project, current, entry.before as UserChange, {
    ...undoOf(entry, jobId),
    confirm,
  })
  // canUndo has checked `before` names at least one field, so the writer made an entry.
  if (!undo) fail('internal', 'The undo was made but its audit entry is missing.')
  return undo
}
