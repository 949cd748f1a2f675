import { ARGON2_DEFAULT_OPTIONS } from '../passwords'
import { isoDate, uniqueId } from './clock'
import { emailMetadata } from './email-metadata'
import { ApiError } from './errors'
import type { UserRecord } from './records'
import { resolveId } from './routes/common'
import type { Store } from './store'

export interface NewUser {
  userId: string
  email: string | null
  phone: string | null
  /** The stored password (already hashed), or null for none. */
  password: string | null
  hash: string
  hashOptions: Record<string, unknown>
  name: string
}

/** The `hashOptions` Appwrite stores for plain and argon2 users (and users with no password). */
export function defaultArgon2Options(): Record<string, unknown> {
  return { ...ARGON2_DEFAULT_OPTIONS }
}

/**
 * Appwrite's unique keys for a new user: its id (compared ignoring case), email and phone; an email an
 * OAuth identity already has is refused too. Create routes also call it before a slow password hash,
 * so a duplicate fails fast; `insertUser` checks again as it inserts.
 */
export function checkUnique(store: Store, userId: string, email: string | null, phone: string | null): void {
  const lower = email?.toLowerCase() ?? null
  if (lower && store.identityIdByEmail(lower)) throw new ApiError('user_email_already_exists')
  if (
    (userId !== 'unique()' && store.userIdFolded(userId)) ||
    (lower && store.userIdByEmail(lower)) ||
    (phone && store.userIdByPhone(phone))
  ) {
    throw new ApiError('user_already_exists')
  }
}

/** Appwrite's shared create path: uniqueness checks, defaults, email metadata and contact targets. */
export function insertUser(store: Store, input: NewUser): UserRecord {
  const email = input.email ? input.email.toLowerCase() : null
  const id = resolveId(input.userId)
  checkUnique(store, id, email, input.phone)
  const now = isoDate()
  const user: UserRecord = {
    $id: id,
    seq: store.nextSeq(),
    $createdAt: now,
    $updatedAt: now,
    name: input.name,
    password: input.password,
    hash: input.hash,
    hashOptions: input.hashOptions,
    registration: now,
    status: true,
    labels: [],
    passwordUpdate: input.password ? now : '',
    email,
    phone: input.phone || null,
    emailVerification: false,
    ...emailMetadata(email),
    phoneVerification: false,
    mfa: false,
    prefs: {},
    accessedAt: '',
    impersonator: false,
    totp: false,
    recoveryCodes: [],
  }
  store.putUser(user)
  for (const [providerType, identifier] of [
    ['email', email],
    ['sms', user.phone],
  ] as const) {
    if (!identifier || store.targetIdByIdentifier(identifier)) continue
    store.putChild('target', {
      $id: uniqueId(),
      $createdAt: now,
      $updatedAt: now,
      name: '',
      userId: id,
      providerId: null,
      providerType,
      identifier,
      expired: false,
    })
  }
  return user
}
