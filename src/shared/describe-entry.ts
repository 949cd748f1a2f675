// An audit entry in words, as the Activity screen and `userdeck activity` both say it.
import type { ActivityJobSummary, AuditEntry } from './models/activity'
import { camelInWords, capitalised, fieldInWords, listInWords } from './user-fields'

/** Who an entry is about: the name or email it was written with, and the id. */
export function userOf(e: AuditEntry): { label: string | null; id: string | null } {
  const side = (e.before ?? e.after ?? {}) as Record<string, unknown>
  const fromRecord = [side['name'], side['email'], side['phone']].find((v) => typeof v === 'string' && v)
  return { label: e.userLabel ?? (fromRecord as string | undefined) ?? null, id: e.userId }
}

/** "159,994 users": a count is written with separators, as on every screen. */
const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en')} ${n === 1 ? one : many}`

function labelsOf(side: Record<string, unknown> | null): string[] {
  const labels = side?.['labels']
  return Array.isArray(labels) ? labels.map(String) : []
}

/** "Added label vip", "Removed labels a and b", "Added label x, removed label y". */
function labelChange(e: AuditEntry): string {
  const before = labelsOf(e.before)
  const after = labelsOf(e.after)
  const added = after.filter((l) => !before.includes(l))
  const removed = before.filter((l) => !after.includes(l))
  const parts = [
    added.length ? `added ${added.length === 1 ? 'label' : 'labels'} ${listInWords(added)}` : '',
    removed.length ? `removed ${removed.length === 1 ? 'label' : 'labels'} ${listInWords(removed)}` : '',
  ].filter(Boolean)
  const text = parts.join(', ') || 'labels unchanged'
  return capitalised(text)
}

/** One changed field of a user, as a person would say it. */
function fieldChange(field: string, after: unknown): string {
  switch (field) {
    case 'status':
      return after === false ? 'Blocked' : 'Unblocked'
    case 'emailVerification':
      return after === true ? 'Marked email verified' : 'Marked email unverified'
    case 'phoneVerification':
      return after === true ? 'Marked phone verified' : 'Marked phone unverified'
    case 'mfa':
      return after === true ? 'Required MFA at sign-in' : 'Stopped requiring MFA'
    case 'impersonator':
      return after === true ? 'Allowed to impersonate other users' : 'No longer allowed to impersonate'
    default:
      return `Changed ${fieldInWords(field)}`
  }
}

function userUpdate(e: AuditEntry): string {
  const fields = Object.keys(e.after ?? e.before ?? {})
  if (fields.length === 1 && fields[0] === 'labels') return labelChange(e)
  if (fields.length === 1) return fieldChange(fields[0]!, e.after?.[fields[0]!])
  return `Changed ${listInWords(fields.map(fieldInWords))}`
}

/** `users.updateMfa` → "Update mfa": a readable fallback for an action this table does not know yet. */
function fallback(action: string): string {
  const words = camelInWords(action.split('.').at(-1) ?? action)
  return capitalised(words)
}

/** Actions whose words do not depend on the entry's fields. */
const fixed: Record<string, string> = {
  'users.create': 'Created the user',
  'users.delete': 'Deleted the user',
  'users.updatePassword': 'Set a new password',
  'users.mfaRecoveryCodes.generate': 'Made MFA recovery codes',
  'users.mfaRecoveryCodes.regenerate': 'Replaced the MFA recovery codes',
  'users.mfaRemoveAuthenticator': 'Removed the authenticator app',
  'users.lockOut': 'Locked out (blocked)',
  'identities.unlink': 'Unlinked a sign-in provider',
  'targets.create': 'Added a messaging target',
  'targets.update': 'Edited a messaging target',
  'targets.remove': 'Removed a messaging target',
  'signIn.createToken': 'Made a one-time sign-in token',
  'signIn.createSession': 'Made a session',
  'signIn.createJwt': 'Made a JWT',
}

/** What an audit entry did, in words: "Changed email", "Ended 3 sessions", "Added label vip". */
export function describeEntry(e: AuditEntry): string {
  if (e.action.startsWith('undo ')) {
    const inner = describeEntry({ ...e, action: e.action.slice(5), before: e.after, after: e.before })
    return `Undid “${inner}”`
  }
  switch (e.action) {
    case 'users.update':
    case 'users.change':
      return userUpdate(e)
    case 'sessions.kill': {
      const n = Number(e.before?.['sessions'] ?? 0)
      return n === 1 ? 'Ended a session' : `Ended ${plural(n, 'session')}`
    }
    case 'users.export':
    case 'users.exportWithHashes': {
      const rows = `Exported ${plural(Number(e.after?.['rows'] ?? 0), 'user')}`
      return e.action === 'users.export' ? rows : `${rows} with their password hashes`
    }
    default:
      return fixed[e.action] ?? (e.action.startsWith('labels.') ? labelChange(e) : fallback(e.action))
  }
}

/** What one action did across a job, without one user's particulars (their session count). */
function jobAction(action: string, sample: AuditEntry | undefined): string {
  if (action === 'sessions.kill') return 'Ended sessions'
  return sample ? describeEntry(sample) : (fixed[action] ?? fallback(action))
}

/** A job's row: "Added label vip · 455 users", or each action counted when it did several things. */
export function describeJob(job: Pick<ActivityJobSummary, 'actions' | 'samples'>): string {
  const kinds = Object.entries(job.actions)
  const say = (action: string) => jobAction(action, job.samples[action])
  if (kinds.length === 1) return `${say(kinds[0]![0])} · ${plural(kinds[0]![1], 'user')}`
  return kinds.map(([action, n]) => `${say(action)} ×${n.toLocaleString('en')}`).join(', ')
}
