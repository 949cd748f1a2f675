import { fail } from '@shared/errors'
import type { ConfirmationAsked } from '@shared/models'
import type { ProjectEntry } from './registry'

/**
 * What a write asks of the guard. `confirm` is the project's name: typed for a destructive action on
 * production, sent after the person's one confirmation on a project whose safe mode confirms every
 * write. `planning` is a job being planned: nothing is written yet, and its run asks for itself.
 */
export interface WriteIntent {
  destructive?: boolean
  confirm?: string | undefined
  planning?: boolean
}

/**
 * The safeguards every write passes, enforced in the host whatever a shell sends: no write on a
 * read-only project or with a key known to lack `users.write`; on a project that confirms every write,
 * none without the confirmation; and a destructive action on a production project only with the
 * project's name typed exactly. Throws the refusal that says what to do.
 */
export function checkWrite(entry: ProjectEntry, intent: WriteIntent = {}): void {
  if (entry.safeMode === 'read-only') {
    fail(
      'read_only',
      `"${entry.name}" is read-only in Userdeck. Lower its safe mode in the project's settings to change it.`,
    )
  }
  if (entry.scopes.write === false) {
    fail(
      'missing_scope',
      `The key for "${entry.name}" lacks the users.write scope. Add it to the key in the Appwrite Console.`,
    )
  }
  if (intent.planning) return
  const asked = confirmationAsked(entry, intent.destructive ?? false)
  if (asked === null || intent.confirm === entry.name) return
  if (asked === 'name') productionRefusal(entry, 'to confirm')
  fail('confirmation_required', `"${entry.name}" asks before every write: confirm this change to make it.`, {
    field: 'confirm',
    project: entry.id,
  })
}

/** What a write on this project asks of the person before it is made, as `checkWrite` enforces it. */
export function confirmationAsked(entry: ProjectEntry, destructive: boolean): ConfirmationAsked | null {
  if (destructive && entry.tag === 'production') return 'name'
  if (entry.safeMode === 'confirm') return 'confirmation'
  return null
}

/** Removing a project from Userdeck: on production, only with its name typed. */
export function checkRemoval(entry: ProjectEntry, confirm: string | undefined): void {
  if (entry.tag === 'production' && confirm !== entry.name) productionRefusal(entry, 'to remove it')
}

function productionRefusal(entry: ProjectEntry, purpose: string): never {
  fail('confirmation_required', `"${entry.name}" is a production project: type its name ${purpose}.`, {
    field: 'confirm',
  })
}
