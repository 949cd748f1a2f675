import { randomBytes } from 'node:crypto'
import { Query, type Users } from 'node-appwrite'
import { toAppError } from '../appwrite/errors'
import type { AppError } from '@shared/errors'

/** The answer to "may this key do X?": yes, no, or the failure that kept us from finding out. */
export type ScopeAnswer = { granted: boolean } | { error: AppError }

function answerFrom(err: unknown, ifGranted: (e: AppError) => boolean): ScopeAnswer {
  const error = toAppError(err)
  if (error.code === 'missing_scope') return { granted: false }
  return ifGranted(error) ? { granted: true } : { error }
}

/**
 * `users.read`: list one user. Appwrite has no "what can this key do" endpoint, so we ask for the
 * cheapest thing each scope allows. A reply that is not a user list means the endpoint is not Appwrite.
 */
export async function probeRead(users: Users): Promise<ScopeAnswer> {
  try {
    const list = (await users.list({ queries: [Query.limit(1)] })) as unknown as { users?: unknown }
    if (!Array.isArray(list?.users)) {
      return {
        error: {
          code: 'bad_response',
          message: 'The endpoint answered, but not like Appwrite. Check the URL; it usually ends in /v1.',
          retryable: false,
        },
      }
    }
    return { granted: true }
  } catch (err) {
    return answerFrom(err, () => false)
  }
}

/**
 * `users.write` without side effects: rename a user id that cannot exist. Appwrite checks scopes
 * before the route runs, so 404 user_not_found proves the key may write, and a scope error that it
 * may not. Nothing is ever changed.
 */
export async function probeWrite(users: Users): Promise<ScopeAnswer> {
  const userId = `probe-${randomBytes(12).toString('hex')}`
  try {
    await users.updateName({ userId, name: 'x' })
    // A server that accepted the rename of a user nobody created is not behaving like Appwrite.
    return {
      error: {
        code: 'bad_response',
        message: 'The endpoint did not answer like Appwrite.',
        retryable: false,
      },
    }
  } catch (err) {
    return answerFrom(err, (e) => e.appwriteType === 'user_not_found')
  }
}
