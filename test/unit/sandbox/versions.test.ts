import { AppwriteException, ID, Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  CAPABILITIES,
  lacking,
  sdkMismatch,
  supports,
  unsupportedUsersQuery,
  type AppwriteServer,
  type Capability,
} from '@shared/appwrite-versions'
import type { RunningSandbox } from '../../../src/sandbox'
import { raw, sandbox, usersFor } from './helpers'

/**
 * Each row of the capability table, asked of the sandbox started as each release: what the table says
 * a release lacks, the sandbox refuses or answers without, and what it has, the sandbox does.
 */
const RELEASES = ['1.6.0', '1.7.4', '1.8.0', '1.8.1', '1.9.0', '1.9.5', '1.9.6'] as const
const running: RunningSandbox[] = []
afterAll(() => Promise.all(running.map((sb) => sb.close())))

/** Whether the sandbox does it: true, or the refusal's type. */
type Probe = (sb: RunningSandbox) => Promise<true | string>

const refusal = (e: unknown) => (e instanceof AppwriteException ? e.type : String(e))

const PROBES: Record<Capability, Probe> = {
  accessedAtQueries: (sb) =>
    usersFor(sb)
      .list({ queries: [Query.orderDesc('accessedAt')] })
      .then(() => true as const, refusal),
  impersonator: async (sb) => {
    const user = await usersFor(sb).create({ userId: ID.unique() })
    return usersFor(sb)
      .updateImpersonator({ userId: user.$id, impersonator: true })
      .then(() => true as const, refusal)
  },
  totalParam: async (sb) =>
    (await usersFor(sb).list({ total: false })).total === 0 ? true : 'counted anyway',
  sequenceQueries: (sb) =>
    usersFor(sb)
      .list({ queries: [Query.orderAsc('$sequence')] })
      .then(() => true as const, refusal),
  emailMetadata: async (sb) => {
    const user = await usersFor(sb).create({ userId: ID.unique(), email: `${ID.unique()}@example.com` })
    return 'emailCanonical' in user ? true : 'no emailCanonical'
  },
  membershipUserPhone: async (sb) => {
    const user = await usersFor(sb).create({ userId: ID.unique() })
    const now = new Date().toISOString()
    sb.store.putChild('membership', {
      $id: ID.unique(),
      $createdAt: now,
      $updatedAt: now,
      userId: user.$id,
      teamId: 'team',
      teamName: 'Team',
      invited: now,
      joined: now,
      confirm: true,
      roles: ['member'],
    })
    const list = await usersFor(sb).listMemberships({ userId: user.$id })
    return 'userPhone' in (list.memberships[0] ?? {}) ? true : 'no userPhone'
  },
}

describe.each([...RELEASES, undefined])('the sandbox as Appwrite %s', (version) => {
  const server: AppwriteServer = { version: version ?? 'latest', cloud: false }
  let sb: RunningSandbox
  beforeAll(async () => {
    sb = await sandbox(version ? { appwriteVersion: version } : {})
    running.push(sb)
  })

  it('answers GET /health/version with it', async () => {
    const response = await raw(sb, '/health/version', { key: null })
    expect(await response.json()).toEqual({ version: server.version })
  })

  it.each(Object.keys(CAPABILITIES) as Capability[])(
    'does %s exactly where the table says',
    async (capability) => {
      const outcome = await PROBES[capability](sb)
      if (supports(server, capability)) expect(outcome).toBe(true)
      else expect(outcome).not.toBe(true)
    },
  )
})

describe('the table', () => {
  const v = (version: string): AppwriteServer => ({ version, cloud: false })

  it('gives self-hosted 1.9.5 and 1.9.6 no last-access queries, and Cloud and later releases all', () => {
    expect(lacking(v('1.9.5'), 'accessedAtQueries')).toBe(
      'Appwrite 1.9.5 cannot sort or filter by last access.',
    )
    expect(supports(v('1.9.6'), 'accessedAtQueries')).toBe(false)
    expect(supports({ version: '1.9.6', cloud: true }, 'accessedAtQueries')).toBe(true)
    expect(supports(v('1.10.0'), 'accessedAtQueries')).toBe(true)
    expect(supports(v('latest'), 'accessedAtQueries')).toBe(true)
  })

  it('has the impersonator flag from 1.9.0', () => {
    expect(supports(v('1.8.1'), 'impersonator')).toBe(false)
    expect(supports(v('1.9.0'), 'impersonator')).toBe(true)
  })

  it('names the part of a users list a server would refuse', () => {
    expect(unsupportedUsersQuery(v('1.9.5'), { sort: { field: 'accessedAt' } })).toEqual({
      field: 'sort',
      message: 'Appwrite 1.9.5 cannot sort or filter by last access.',
    })
    expect(unsupportedUsersQuery(v('1.9.5'), { filters: { accessedBefore: '2026-01-01' } })?.field).toBe(
      'filters.accessedBefore',
    )
    expect(unsupportedUsersQuery(v('1.8.1'), { filters: { impersonator: true } })?.field).toBe(
      'filters.impersonator',
    )
    expect(unsupportedUsersQuery(v('latest'), { sort: { field: 'accessedAt' } })).toBeNull()
    expect(unsupportedUsersQuery(null, { sort: { field: 'accessedAt' } })).toBeNull()
  })

  it('names a release older than node-appwrite 27 is built for, with what it lacks', () => {
    expect(sdkMismatch(v('1.8.1'))).toMatch(
      /^Appwrite 1\.8\.1 is older than the 1\.9\.0 .*has no impersonator flag/,
    )
    expect(sdkMismatch(v('1.9.0'))).toBeNull()
    expect(sdkMismatch({ version: '1.5.0', cloud: true })).toBeNull()
  })
})
