import { z } from 'zod'
import { ID_PATTERN } from '../appwrite-limits'

/** A project's entry id in the registry (not the Appwrite project id). */
export const projectRef = z.string().min(1, 'Choose a project.').max(64)

/** Appwrite's ids (users, sessions, targets…) share one rule. */
export const appwriteId = z
  .string()
  .regex(
    ID_PATTERN,
    'An id is 1–36 characters of a-z, A-Z, 0-9, ".", "-", "_", not starting with a special character.',
  )

export const userId = appwriteId

export const empty = z.strictObject({})

/**
 * The project's name, given to confirm a write: typed for a destructive action on production, sent
 * after the person's one "confirm" for any write on a project whose safe mode confirms every write.
 * Main compares it with the project's name whatever the window says it did.
 */
export const confirm = z.string().max(256).optional()

/** A browser-made id so the caller can match the events of its own request. */
export const requestId = z.string().min(1).max(64)
