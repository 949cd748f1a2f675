/** What the identity, target and sign-in actions answer. Secrets appear only in `SignInSecret`. */
import type { UserTarget } from './users'

export const targetProviderTypes = ['email', 'sms', 'push'] as const
export type TargetProviderType = (typeof targetProviderTypes)[number]

/** A write that leaves an audit entry; `undoable` says whether `activity.undo` can reverse it. */
export interface AccessWrite {
  entryId: string
  undoable: boolean
}

export interface TargetWrite extends AccessWrite {
  /** Null once removed. */
  target: UserTarget | null
}

/**
 * A credential made for a user, shown once. It is in this answer and nowhere else: the audit entry
 * (`entryId`) records that it was made, for whom and until when.
 */
export interface SignInSecret extends AccessWrite {
  kind: 'token' | 'session' | 'jwt'
  secret: string
  /** ISO date-time after which it no longer works. */
  expire: string
  /** The token's or session's id; for a JWT, the session it is bound to ('' for none). */
  id: string
  /** The project's sign-in link with the token filled in; null without a template (or for a session or JWT). */
  link: string | null
}
