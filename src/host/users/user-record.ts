import type { Models } from 'node-appwrite'
import type { UserRecord, UserTarget } from '@shared/models'

/** Appwrite's User as the console shows it. The password hash and its options stay in main. */
export function toUserRecord(user: Models.User<Models.Preferences>): UserRecord {
  return {
    id: user.$id,
    name: user.name,
    email: user.email,
    phone: user.phone,
    status: user.status,
    emailVerification: user.emailVerification,
    phoneVerification: user.phoneVerification,
    mfa: user.mfa,
    impersonator: user.impersonator ?? false,
    labels: [...user.labels],
    registration: user.registration,
    passwordUpdate: user.passwordUpdate,
    accessedAt: user.accessedAt,
    createdAt: user.$createdAt,
    updatedAt: user.$updatedAt,
    hash: user.password ? (user.hash ?? null) : null,
    prefs: { ...(user.prefs as Record<string, unknown>) },
    targets: (user.targets ?? []).map(toUserTarget),
  }
}

export function toUserTarget(t: Models.Target): UserTarget {
  return {
    id: t.$id,
    providerType: t.providerType,
    identifier: t.identifier,
    name: t.name,
    providerId: t.providerId ?? null,
    expired: t.expired,
  }
}
