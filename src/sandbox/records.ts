/** What the store keeps. Field names follow the Appwrite models so serialisers stay trivial. */
import type { DeviceInfo } from './user-agent'

export interface UserRecord {
  $id: string
  /** Insertion order ($sequence): the default order of lists and the base of cursors. */
  seq: number
  $createdAt: string
  $updatedAt: string
  name: string
  password: string | null
  hash: string
  hashOptions: Record<string, unknown>
  registration: string
  status: boolean
  labels: string[]
  passwordUpdate: string
  email: string | null
  phone: string | null
  emailVerification: boolean
  emailCanonical: string | null
  emailIsFree: boolean | null
  emailIsDisposable: boolean | null
  emailIsCorporate: boolean | null
  emailIsCanonical: boolean | null
  phoneVerification: boolean
  mfa: boolean
  prefs: Record<string, unknown>
  accessedAt: string
  impersonator: boolean
  /** A verified TOTP authenticator exists. */
  totp: boolean
  /** Unused MFA recovery codes; empty when none were generated. */
  recoveryCodes: string[]
}

/** Device fields (os, client, device) come from the user agent, as Appwrite's detector fills them. */
export interface SessionRecord extends DeviceInfo {
  $id: string
  $createdAt: string
  $updatedAt: string
  userId: string
  expire: string
  provider: string
  providerUid: string
  providerAccessToken: string
  providerAccessTokenExpiry: string
  providerRefreshToken: string
  ip: string
  countryCode: string
  countryName: string
  factors: string[]
  mfaUpdatedAt: string
  /** sha256 of the secret; the secret itself is only ever in createSession's response. */
  secretHash: string
}

export interface TargetRecord {
  $id: string
  $createdAt: string
  $updatedAt: string
  name: string
  userId: string
  providerId: string | null
  providerType: 'email' | 'sms' | 'push'
  identifier: string
  expired: boolean
}

export interface IdentityRecord {
  $id: string
  $createdAt: string
  $updatedAt: string
  userId: string
  provider: string
  providerUid: string
  providerEmail: string
  providerAccessToken: string
  providerAccessTokenExpiry: string
  providerRefreshToken: string
}

export interface MembershipRecord {
  $id: string
  $createdAt: string
  $updatedAt: string
  userId: string
  teamId: string
  teamName: string
  invited: string
  joined: string
  confirm: boolean
  roles: string[]
}

export interface LogRecord extends DeviceInfo {
  $id: string
  userId: string
  event: string
  mode: string
  userType: string
  ip: string
  time: string
  countryCode: string
  countryName: string
}

export interface TokenRecord {
  $id: string
  $createdAt: string
  userId: string
  secretHash: string
  expire: string
  phrase: string
}

export interface ChallengeRecord {
  $id: string
  $createdAt: string
  userId: string
  type: string
  expire: string
  code: string
}

export interface ChildRecords {
  session: SessionRecord
  target: TargetRecord
  identity: IdentityRecord
  membership: MembershipRecord
  log: LogRecord
  token: TokenRecord
  challenge: ChallengeRecord
}

export type ChildKind = keyof ChildRecords
export type RecordKind = 'user' | ChildKind

/** One durable change: a full record written, or a record removed. */
export type Change =
  | { kind: 'user'; put: UserRecord }
  | { [K in ChildKind]: { kind: K; put: ChildRecords[K] } }[ChildKind]
  | { kind: RecordKind; del: string }
