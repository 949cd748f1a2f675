import type {
  IdentityRecord,
  LogRecord,
  MembershipRecord,
  SessionRecord,
  TargetRecord,
  TokenRecord,
  UserRecord,
} from './records'

/**
 * Serialisers for Appwrite's response models. Keys are written in the order Appwrite's Response
 * models declare their rules, because clients (and Appwrite's own e2e tests) see the raw JSON.
 */

export function targetModel(t: TargetRecord) {
  return {
    $id: t.$id,
    $createdAt: t.$createdAt,
    $updatedAt: t.$updatedAt,
    name: t.name,
    userId: t.userId,
    providerId: t.providerId,
    providerType: t.providerType,
    identifier: t.identifier,
    expired: t.expired,
  }
}

export function userModel(u: UserRecord, targets: TargetRecord[]) {
  return {
    $id: u.$id,
    $createdAt: u.$createdAt,
    $updatedAt: u.$updatedAt,
    name: u.name,
    password: u.password,
    hash: u.hash,
    hashOptions: u.hashOptions,
    registration: u.registration,
    status: u.status,
    labels: u.labels,
    passwordUpdate: u.passwordUpdate,
    email: u.email ?? '',
    phone: u.phone ?? '',
    emailVerification: u.emailVerification,
    emailCanonical: u.emailCanonical,
    emailIsFree: u.emailIsFree,
    emailIsDisposable: u.emailIsDisposable,
    emailIsCorporate: u.emailIsCorporate,
    emailIsCanonical: u.emailIsCanonical,
    phoneVerification: u.phoneVerification,
    mfa: u.mfa,
    prefs: u.prefs,
    targets: targets.map(targetModel),
    accessedAt: u.accessedAt,
    impersonator: u.impersonator,
    impersonatorUserId: null,
  }
}

export function sessionModel(s: SessionRecord, options: { current?: boolean; secret?: string } = {}) {
  return {
    $id: s.$id,
    $createdAt: s.$createdAt,
    $updatedAt: s.$updatedAt,
    userId: s.userId,
    expire: s.expire,
    provider: s.provider,
    providerUid: s.providerUid,
    providerAccessToken: s.providerAccessToken,
    providerAccessTokenExpiry: s.providerAccessTokenExpiry,
    providerRefreshToken: s.providerRefreshToken,
    ip: s.ip,
    osCode: s.osCode,
    osName: s.osName,
    osVersion: s.osVersion,
    clientType: s.clientType,
    clientCode: s.clientCode,
    clientName: s.clientName,
    clientVersion: s.clientVersion,
    clientEngine: s.clientEngine,
    clientEngineVersion: s.clientEngineVersion,
    deviceName: s.deviceName,
    deviceBrand: s.deviceBrand,
    deviceModel: s.deviceModel,
    countryCode: s.countryCode,
    countryName: s.countryName,
    current: options.current ?? false,
    factors: s.factors,
    secret: options.secret ?? '',
    mfaUpdatedAt: s.mfaUpdatedAt,
  }
}

export function identityModel(i: IdentityRecord) {
  return {
    $id: i.$id,
    $createdAt: i.$createdAt,
    $updatedAt: i.$updatedAt,
    userId: i.userId,
    provider: i.provider,
    providerUid: i.providerUid,
    providerEmail: i.providerEmail,
    providerAccessToken: i.providerAccessToken,
    providerAccessTokenExpiry: i.providerAccessTokenExpiry,
    providerRefreshToken: i.providerRefreshToken,
  }
}

export function membershipModel(m: MembershipRecord, user: UserRecord | undefined) {
  return {
    $id: m.$id,
    $createdAt: m.$createdAt,
    $updatedAt: m.$updatedAt,
    userId: m.userId,
    userName: user?.name ?? '',
    userEmail: user?.email ?? '',
    userPhone: user?.phone ?? '',
    teamId: m.teamId,
    teamName: m.teamName,
    invited: m.invited,
    joined: m.joined,
    confirm: m.confirm,
    mfa: user?.mfa ?? false,
    userAccessedAt: user?.accessedAt ?? '',
    roles: m.roles,
  }
}

export function logModel(l: LogRecord, user: UserRecord | undefined) {
  return {
    event: l.event,
    userId: l.userId,
    userEmail: user?.email ?? '',
    userName: user?.name ?? '',
    mode: l.mode,
    userType: l.userType,
    ip: l.ip,
    time: l.time,
    osCode: l.osCode,
    osName: l.osName,
    osVersion: l.osVersion,
    clientType: l.clientType,
    clientCode: l.clientCode,
    clientName: l.clientName,
    clientVersion: l.clientVersion,
    clientEngine: l.clientEngine,
    clientEngineVersion: l.clientEngineVersion,
    deviceName: l.deviceName,
    deviceBrand: l.deviceBrand,
    deviceModel: l.deviceModel,
    countryCode: l.countryCode,
    countryName: l.countryName,
  }
}

export function tokenModel(t: TokenRecord, secret: string) {
  return {
    $id: t.$id,
    $createdAt: t.$createdAt,
    userId: t.userId,
    secret,
    expire: t.expire,
    phrase: t.phrase,
  }
}

export function mfaFactorsModel(u: UserRecord) {
  return {
    totp: u.totp,
    phone: Boolean(u.phone) && u.phoneVerification,
    email: Boolean(u.email) && u.emailVerification,
    recoveryCode: false,
  }
}
