import { describe, expect, it } from 'vitest'
import { describeSelection } from '../../../src/host/jobs/describe'

describe("a job's title says whom it selects", () => {
  it.each([
    [{ all: true as const }, 'all users'],
    [{ ids: ['a1'] }, 'user a1'],
    [{ ids: ['a1', 'b2', 'c3'] }, '3 users'],
    [{ filters: { anonymous: true as const } }, 'anonymous users'],
    [
      { filters: { status: 'blocked' as const, noSessions: true as const } },
      'blocked users without sessions',
    ],
    [
      { filters: { neverVerified: true as const, registeredBefore: '2024-01-01' } },
      'never verified users registered until 2024-01-01',
    ],
    [{ filters: { emailVerified: false, label: 'trial' } }, 'users with the email unverified labelled trial'],
    [{ labels: ['vip', 'staff'] }, 'users labelled vip or staff'],
    [{ search: 'luna' }, 'users matching "luna"'],
    [{ queries: ['{"method":"isNull","attribute":"email"}'] }, 'users matching an Appwrite query'],
  ])('%j → %s', (selection, words) => {
    expect(describeSelection(selection)).toBe(words)
  })
})
