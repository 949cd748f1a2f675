import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '@shared/models/activity'
import { describeEntry, describeJob } from '@shared/describe-entry'

const entry = (action: string, before: AuditEntry['before'], after: AuditEntry['after']): AuditEntry => ({
  id: 'e1',
  time: '2026-12-01T10:00:00.000Z',
  project: 'shop',
  projectName: 'Shop',
  keyLastFour: 'abcd',
  action,
  userId: 'u1',
  before,
  after,
})

describe('Activity entries in words', () => {
  it.each([
    [entry('users.update', { email: 'a@x.io' }, { email: 'b@x.io' }), 'Changed email'],
    [entry('users.update', { status: true }, { status: false }), 'Blocked'],
    [entry('users.update', { status: false }, { status: true }), 'Unblocked'],
    [
      entry('users.update', { emailVerification: false }, { emailVerification: true }),
      'Marked email verified',
    ],
    [entry('users.update', { prefs: { a: 1 } }, { prefs: { a: 2 } }), 'Changed preferences'],
    [entry('users.update', { name: 'A', phone: null }, { name: 'B', phone: '+1' }), 'Changed name and phone'],
    [entry('labels.add', { labels: ['a'] }, { labels: ['a', 'vip'] }), 'Added label vip'],
    [
      entry('labels.edit', { labels: ['a', 'b'] }, { labels: ['c'] }),
      'Added label c, removed labels a and b',
    ],
    [entry('sessions.kill', { sessions: 3, sessionIds: [] }, { sessions: 0 }), 'Ended 3 sessions'],
    [entry('sessions.kill', { sessions: 1, sessionIds: [] }, { sessions: 0 }), 'Ended a session'],
    [entry('users.updatePassword', { hash: 'argon2' }, { hash: 'argon2' }), 'Set a new password'],
    [entry('undo labels.add', { labels: ['a', 'vip'] }, { labels: ['a'] }), 'Undid “Added label vip”'],
    [entry('users.update', { mfa: false }, { mfa: true }), 'Required MFA at sign-in'],
    [entry('users.update', { mfa: true }, { mfa: false }), 'Stopped requiring MFA'],
    [
      entry('users.update', { impersonator: false }, { impersonator: true }),
      'Allowed to impersonate other users',
    ],
    [
      entry('users.mfaRecoveryCodes.generate', null, { recoveryCodes: '6 new codes' }),
      'Made MFA recovery codes',
    ],
    [
      entry('users.mfaRecoveryCodes.regenerate', null, { recoveryCodes: '6 new codes' }),
      'Replaced the MFA recovery codes',
    ],
    [
      entry('users.mfaRemoveAuthenticator', { authenticator: 'totp' }, { authenticator: null }),
      'Removed the authenticator app',
    ],
    [entry('users.export', null, { path: '/tmp/u.csv', rows: 120 }), 'Exported 120 users'],
    [
      entry('users.exportWithHashes', null, { path: '/tmp/u.json', rows: 1 }),
      'Exported 1 user with their password hashes',
    ],
    // An action this table does not know yet is still said in words, never as a dotted name.
    [entry('users.updateSomethingNew', { a: 1 }, { a: 2 }), 'Update something new'],
  ])('%#: %s', (e, words) => {
    expect(describeEntry(e)).toBe(words)
  })

  it('sums a job up without one user’s particulars', () => {
    const kill = entry('sessions.kill', { sessions: 3, sessionIds: [] }, { sessions: 0 })
    expect(describeJob({ actions: { 'sessions.kill': 140 }, samples: { 'sessions.kill': kill } })).toBe(
      'Ended sessions · 140 users',
    )
    const add = entry('labels.add', { labels: [] }, { labels: ['vip'] })
    expect(describeJob({ actions: { 'labels.add': 1 }, samples: { 'labels.add': add } })).toBe(
      'Added label vip · 1 user',
    )
    expect(describeJob({ actions: { 'users.lockOut': 10, 'sessions.kill': 25 }, samples: {} })).toBe(
      'Locked out (blocked) ×10, Ended sessions ×25',
    )
    // A job over a whole user base: its count is written as the Users column beside it writes it.
    expect(describeJob({ actions: { 'labels.add': 159994 }, samples: { 'labels.add': add } })).toBe(
      'Added label vip · 159,994 users',
    )
    expect(describeJob({ actions: { 'users.lockOut': 12000, 'sessions.kill': 1500 }, samples: {} })).toBe(
      'Locked out (blocked) ×12,000, Ended sessions ×1,500',
    )
  })
})
