import { supports } from '../../shared/appwrite-versions'
import { isoDate, uniqueId } from '../clock'
import { ApiError } from '../errors'
import { userModel } from '../models'
import type { UserRecord } from '../records'
import type { RequestContext } from '../router'
import type { Store } from '../store'
import { boolean, optional, required, uid } from '../validation'

/** Validates the `userId` path param and loads the user, or 404 user_not_found. */
export function loadUser(ctx: RequestContext): UserRecord {
  return findUser(ctx, required(ctx.pathParams, 'userId', uid))
}

/** For routes that check their other params before the lookup, as Appwrite checks every param first. */
export function findUser(ctx: RequestContext, userId: string): UserRecord {
  const user = ctx.store.getUser(userId)
  if (!user) throw new ApiError('user_not_found')
  return user
}

export function userBody(store: Store, user: UserRecord) {
  return userModel(user, store.targets.forUser(user.$id))
}

/** The optional `total` flag of list endpoints (default true; releases before it always count). */
export function wantsTotal(ctx: RequestContext): boolean {
  if (!supports(ctx.server, 'totalParam')) return true
  return optional(ctx.params, 'total', boolean, true)
}

export function resolveId(requested: string): string {
  return requested === 'unique()' ? uniqueId() : requested
}

/** Writes a modified copy of the user with a fresh $updatedAt. */
export function saveUser(store: Store, user: UserRecord, changes: Partial<UserRecord>): UserRecord {
  const next: UserRecord = { ...user, ...changes, $updatedAt: isoDate() }
  store.putUser(next)
  return next
}

/**
 * Keeps the user's auto-managed email/sms target in line with its email/phone, as Appwrite's update
 * endpoints do: renamed when the value changes, created when missing, deleted when cleared.
 */
export function syncContactTarget(
  store: Store,
  userId: string,
  providerType: 'email' | 'sms',
  oldIdentifier: string | null,
  newIdentifier: string | null,
): void {
  const existing = store.targets
    .forUser(userId)
    .find(
      (t) => t.providerType === providerType && (oldIdentifier === null || t.identifier === oldIdentifier),
    )
  const now = isoDate()
  if (!newIdentifier) {
    if (existing) store.deleteChild('target', existing.$id)
    return
  }
  if (existing) {
    store.putChild('target', { ...existing, identifier: newIdentifier, $updatedAt: now })
    return
  }
  if (store.targetIdByIdentifier(newIdentifier)) return
  store.putChild('target', {
    $id: uniqueId(),
    $createdAt: now,
    $updatedAt: now,
    name: '',
    userId,
    providerId: null,
    providerType,
    identifier: newIdentifier,
    expired: false,
  })
}
