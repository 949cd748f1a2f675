import { Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { expectError, sandbox, usersFor } from './helpers'

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

beforeAll(async () => {
  sb = await sandbox({ seed: 300 })
  users = usersFor(sb)
  await users.create({ userId: 'rel', email: 'rel@example.com', phone: '+15559990000' })
  await users.create({ userId: 'other', email: 'other@example.com' })
})
afterAll(() => sb.close())

describe('sessions', () => {
  it('creates, lists and deletes sessions', async () => {
    const session = await users.createSession('rel')
    expect(session).toMatchObject({ userId: 'rel', provider: 'server', factors: ['server'], current: false })
    const secret = JSON.parse(Buffer.from(session.secret, 'base64').toString()) as {
      id: string
      secret: string
    }
    expect(secret.id).toBe('rel')
    await users.createSession('rel')
    const list = await users.listSessions('rel')
    expect(list.total).toBe(2)
    expect(list.sessions.every((s) => s.secret === '' && s.countryName === 'Unknown')).toBe(true)
    expect((await users.listSessions({ userId: 'rel', total: false })).total).toBe(0)
    await expectError(users.deleteSession('rel', 'no-such-session'), 404, 'user_session_not_found')
    await users.deleteSession('rel', session.$id)
    expect((await users.listSessions('rel')).total).toBe(1)
    await users.deleteSessions('rel')
    expect((await users.listSessions('rel')).total).toBe(0)
  })
})

describe('targets', () => {
  it('runs the target CRUD with its conflicts', async () => {
    const listed = await users.listTargets('rel')
    expect(listed.total).toBe(2)
    const target = await users.createTarget({
      userId: 'rel',
      targetId: 'push1',
      providerType: 'push' as never,
      identifier: 'device-token-1',
      name: 'Phone',
    })
    expect(target).toMatchObject({
      $id: 'push1',
      providerType: 'push',
      identifier: 'device-token-1',
      name: 'Phone',
      providerId: null,
      expired: false,
    })
    await expectError(
      users.createTarget({
        userId: 'rel',
        targetId: 'push1',
        providerType: 'push' as never,
        identifier: 'x',
      }),
      409,
      'user_target_already_exists',
    )
    await expectError(
      users.createTarget({
        userId: 'rel',
        targetId: 'e9',
        providerType: 'email' as never,
        identifier: 'nope',
      }),
      400,
      'general_invalid_email',
    )
    expect((await users.getTarget('rel', 'push1')).name).toBe('Phone')
    await expectError(users.getTarget('other', 'push1'), 404, 'user_target_not_found')
    expect((await users.updateTarget({ userId: 'rel', targetId: 'push1', name: 'Tablet' })).name).toBe(
      'Tablet',
    )
    expect((await users.listTargets('rel', [Query.equal('providerType', ['push'])])).total).toBe(1)
    await users.deleteTarget('rel', 'push1')
    await expectError(users.getTarget('rel', 'push1'), 404, 'user_target_not_found')
  })
})

describe('tokens, JWTs, MFA', () => {
  it('creates tokens and JWTs', async () => {
    const token = await users.createToken('rel', 8, 60)
    expect(Object.keys(token)).toEqual(['$id', '$createdAt', 'userId', 'secret', 'expire', 'phrase'])
    expect(token.secret).toMatch(/^[0-9a-f]{8}$/)
    await expectError(users.createToken('rel', 1, 1), 400, 'general_argument_invalid')
    const { jwt } = await users.createJWT('rel')
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >
    expect(payload).toMatchObject({ userId: 'rel', sessionId: '' })
    await expectError(users.createJWT('rel', undefined, 4000), 400, 'general_argument_invalid')
  })

  it('manages MFA factors and recovery codes', async () => {
    expect(await users.listMFAFactors('rel')).toEqual({
      totp: false,
      phone: false,
      email: false,
      recoveryCode: false,
    })
    await expectError(users.getMFARecoveryCodes('rel'), 404, 'user_recovery_codes_not_found')
    const codes = await users.createMFARecoveryCodes('rel')
    expect(codes.recoveryCodes).toHaveLength(6)
    await expectError(users.createMFARecoveryCodes('rel'), 409, 'user_recovery_codes_already_exists')
    expect(await users.getMFARecoveryCodes('rel')).toEqual(codes)
    const regenerated = await users.updateMFARecoveryCodes('rel')
    expect(regenerated.recoveryCodes).not.toEqual(codes.recoveryCodes)
    await expectError(
      users.deleteMFAAuthenticator('rel', 'totp' as never),
      404,
      'user_authenticator_not_found',
    )
    const withTotp = (
      await users.list([
        Query.equal(
          '$id',
          [...sb.store.users.values()]
            .filter((u) => u.totp)
            .map((u) => u.$id)
            .slice(0, 1),
        ),
      ])
    ).users[0]
    expect(withTotp).toBeDefined()
    expect((await users.listMFAFactors(withTotp!.$id)).totp).toBe(true)
    await users.deleteMFAAuthenticator(withTotp!.$id, 'totp' as never)
    expect((await users.listMFAFactors(withTotp!.$id)).totp).toBe(false)
  })
})

describe('seeded relations', () => {
  it('lists identities, logs and memberships', async () => {
    const identities = await users.listIdentities()
    expect(identities.total).toBeGreaterThan(0)
    const identity = identities.identities[0]!
    expect((await users.listIdentities([Query.equal('userId', [identity.userId])])).identities[0]?.$id).toBe(
      identity.$id,
    )
    await expectError(users.listIdentities([], 'x'), 400, 'general_query_invalid')
    await users.deleteIdentity(identity.$id)
    await expectError(users.deleteIdentity(identity.$id), 404, 'user_identity_not_found')

    const withLogs = [...sb.store.users.values()].find((u) => sb.store.logs.forUser(u.$id).length > 1)!
    const logs = await users.listLogs(withLogs.$id, [Query.limit(1)])
    expect(logs.total).toBe(sb.store.logs.forUser(withLogs.$id).length)
    expect(logs.logs).toHaveLength(1)
    expect(logs.logs[0]?.userEmail).toBe(withLogs.email ?? '')
    await expectError(
      users.listLogs(withLogs.$id, [Query.equal('event', ['x'])]),
      400,
      'general_argument_invalid',
    )

    const member = [...sb.store.users.values()].find((u) => sb.store.memberships.forUser(u.$id).length > 0)!
    const memberships = await users.listMemberships(member.$id)
    expect(memberships.total).toBeGreaterThan(0)
    expect(memberships.memberships[0]).toMatchObject({ userId: member.$id, userName: member.name })
    await expectError(
      users.listMemberships(member.$id, [Query.equal('roles', ['owner'])]),
      400,
      'general_argument_invalid',
      'Invalid `queries` param: Invalid query: Cannot query equal on attribute "roles" because it is an array.',
    )
    expect(
      (await users.listMemberships(member.$id, [Query.contains('roles', ['nobody-has-this'])])).total,
    ).toBe(0)
  })

  it('deletes a user with its targets, sessions and identities', async () => {
    await users.createSession('other')
    await users.delete('other')
    expect(sb.store.targets.forUser('other')).toEqual([])
    expect(sb.store.sessions.forUser('other')).toEqual([])
  })

  it('seeds deterministically', async () => {
    const again = await sandbox({ seed: 300 })
    try {
      const first = await users.list([Query.limit(50), Query.offset(100)])
      const second = await usersFor(again).list([Query.limit(50), Query.offset(100)])
      expect(second.users.map((u) => [u.$id, u.email, u.labels])).toEqual(
        first.users.map((u) => [u.$id, u.email, u.labels]),
      )
      const all = await users.list([Query.limit(1000)])
      expect(all.users.some((u) => !u.status)).toBe(true)
      expect(all.users.some((u) => !u.emailVerification)).toBe(true)
      expect(all.users.some((u) => u.mfa)).toBe(true)
      expect(all.users.some((u) => u.labels.length > 0)).toBe(true)
    } finally {
      await again.close()
    }
  })
})
