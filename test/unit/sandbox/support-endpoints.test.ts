/**
 * The Users endpoints a support desk reaches for (identities, targets, tokens, sessions, JWTs,
 * impersonators), driven by node-appwrite. Each expectation is what Appwrite 1.9.5's
 * app/controllers/api/users.php does, in its order of checks.
 */
import { MessagingProviderType, Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { expectError, raw, sandbox, usersFor } from './helpers'

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

beforeAll(async () => {
  sb = await sandbox({ seed: 300 })
  users = usersFor(sb)
  await users.create({ userId: 'sup', email: 'sup@example.com' })
  await users.create({ userId: 'other', email: 'other@example.com' })
})
afterAll(() => sb.close())

function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString()) as Record<string, unknown>
}

describe('targets', () => {
  it('checks the identifier by provider type before it looks the user up', async () => {
    // Appwrite validates the identifier first: a bad email for a missing user is 400, not 404.
    await expectError(
      users.createTarget({
        userId: 'nobody',
        targetId: 't1',
        providerType: MessagingProviderType.Email,
        identifier: 'not-an-email',
      }),
      400,
      'general_invalid_email',
    )
    await expectError(
      users.createTarget({
        userId: 'sup',
        targetId: 't1',
        providerType: MessagingProviderType.Sms,
        identifier: '5551234',
      }),
      400,
      'general_invalid_phone',
    )
    await expectError(
      users.createTarget({
        userId: 'nobody',
        targetId: 't1',
        providerType: MessagingProviderType.Push,
        identifier: 'anything goes for push',
      }),
      404,
      'user_not_found',
    )
    await expectError(
      users.createTarget({
        userId: 'sup',
        targetId: '_bad',
        providerType: MessagingProviderType.Push,
        identifier: 'x',
      }),
      400,
      'general_argument_invalid',
      /Invalid `targetId` param/,
    )
    await expectError(
      users.createTarget({
        userId: 'sup',
        targetId: 't1',
        providerType: MessagingProviderType.Push,
        identifier: 'x'.repeat(256),
      }),
      400,
      'general_argument_invalid',
      /Invalid `identifier` param: Value must be a valid string and at least 1 chars and no longer than 255 chars/,
    )
    await expectError(
      users.createTarget({
        userId: 'sup',
        targetId: 't1',
        providerType: 'fax' as MessagingProviderType,
        identifier: 'x',
      }),
      400,
      'general_argument_invalid',
      /Invalid `providerType` param/,
    )
  })

  it('creates with an unknown provider id as providerId null, and refuses it on update', async () => {
    const target = await users.createTarget({
      userId: 'sup',
      targetId: 'mail2',
      providerType: MessagingProviderType.Email,
      identifier: 'second@example.com',
      providerId: 'no-such-provider',
    })
    expect(target).toMatchObject({ $id: 'mail2', providerId: null, name: '', expired: false })
    await expectError(
      users.updateTarget({ userId: 'sup', targetId: 'mail2', providerId: 'no-such-provider' }),
      404,
      'provider_not_found',
    )
  })

  it('treats the identifier as unique in the project: 409 on create, a bare 500 on update', async () => {
    await expectError(
      users.createTarget({
        userId: 'other',
        targetId: 'dupe',
        providerType: MessagingProviderType.Email,
        identifier: 'sup@example.com',
      }),
      409,
      'user_target_already_exists',
    )
    await users.createTarget({
      userId: 'sup',
      targetId: 'phone1',
      providerType: MessagingProviderType.Push,
      identifier: 'device-a',
    })
    // Appwrite does not catch the database's Duplicate on update.
    await expectError(
      users.updateTarget({ userId: 'sup', targetId: 'mail2', identifier: 'sup@example.com' }),
      500,
      'general_unknown',
      'Server Error',
    )
  })

  it('updates only what is given, ignores "0" as PHP does, and keeps targets to their user', async () => {
    const renamed = await users.updateTarget({ userId: 'sup', targetId: 'phone1', name: 'Pixel' })
    expect(renamed).toMatchObject({ name: 'Pixel', identifier: 'device-a' })
    const same = await users.updateTarget({ userId: 'sup', targetId: 'phone1', name: '0', identifier: '0' })
    expect(same).toMatchObject({ name: 'Pixel', identifier: 'device-a' })
    await expectError(
      users.updateTarget({ userId: 'sup', targetId: 'mail2', identifier: 'bad' }),
      400,
      'general_invalid_email',
    )
    await expectError(
      users.updateTarget({ userId: 'other', targetId: 'phone1', name: 'x' }),
      404,
      'user_target_not_found',
    )
    await expectError(users.deleteTarget('other', 'phone1'), 404, 'user_target_not_found')
    await expectError(users.deleteTarget('nobody', 'phone1'), 404, 'user_not_found')
    await users.deleteTarget('sup', 'phone1')
    await expectError(users.getTarget('sup', 'phone1'), 404, 'user_target_not_found')
  })
})

describe('identities', () => {
  it('deletes an identity by id, and 404s one that is gone', async () => {
    const all = await users.listIdentities([Query.limit(1)])
    const identity = all.identities[0]!
    await users.deleteIdentity(identity.$id)
    await expectError(users.deleteIdentity(identity.$id), 404, 'user_identity_not_found')
    const left = await users.listIdentities([Query.equal('userId', identity.userId)])
    expect(left.identities.map((i) => i.$id)).not.toContain(identity.$id)
  })
})

describe('tokens', () => {
  it('makes a hex secret of the asked length that expires when asked', async () => {
    const before = Date.now()
    const token = await users.createToken({ userId: 'sup', length: 32, expire: 3600 })
    expect(token.secret).toMatch(/^[0-9a-f]{32}$/)
    expect(token.userId).toBe('sup')
    const expire = Date.parse(token.expire)
    expect(expire - before).toBeGreaterThanOrEqual(3599_000)
    expect(expire - Date.now()).toBeLessThanOrEqual(3600_000)
    const short = await users.createToken({ userId: 'sup' })
    expect(short.secret).toMatch(/^[0-9a-f]{6}$/)
    expect(Date.parse(short.expire) - Date.parse(short.$createdAt)).toBe(900_000)
  })

  it('checks length and expiry against Appwrite ranges before the user', async () => {
    await expectError(
      users.createToken({ userId: 'nobody', length: 3 }),
      400,
      'general_argument_invalid',
      /Invalid `length` param: Value must be a valid range between 4 and 128/,
    )
    await expectError(
      users.createToken({ userId: 'sup', expire: 31536001 }),
      400,
      'general_argument_invalid',
      /Invalid `expire` param: Value must be a valid range between 60 and 31,536,000/,
    )
    await expectError(users.createToken({ userId: 'nobody' }), 404, 'user_not_found')
  })
})

describe('sessions and JWTs', () => {
  it('creates a server session whose secret is shown once', async () => {
    const session = await users.createSession({ userId: 'sup' })
    expect(session).toMatchObject({ userId: 'sup', provider: 'server', factors: ['server'] })
    expect(session.secret.length).toBeGreaterThan(200)
    const listed = await users.listSessions({ userId: 'sup' })
    expect(listed.sessions.find((s) => s.$id === session.$id)?.secret).toBe('')
    // A custom-id check: unique() is a valid id, and no user has it.
    await expectError(users.createSession({ userId: 'unique()' }), 404, 'user_not_found')
  })

  it('signs a JWT with exp only, for no session unless one is named or "recent"', async () => {
    const session = await users.createSession({ userId: 'sup' })
    const before = Math.floor(Date.now() / 1000)
    const plain = payloadOf((await users.createJWT({ userId: 'sup' })).jwt)
    expect(Object.keys(plain)).toEqual(['userId', 'sessionId', 'exp'])
    expect(plain).toMatchObject({ userId: 'sup', sessionId: '' })
    expect(plain['exp']).toBeGreaterThanOrEqual(before + 900)
    const recent = payloadOf((await users.createJWT({ userId: 'sup', sessionId: 'recent' })).jwt)
    expect(recent['sessionId']).toBe(session.$id)
    const named = payloadOf(
      (await users.createJWT({ userId: 'sup', sessionId: session.$id, duration: 60 })).jwt,
    )
    expect(named['sessionId']).toBe(session.$id)
    expect(named['exp']).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60)
    const unknown = payloadOf((await users.createJWT({ userId: 'sup', sessionId: 'elsewhere' })).jwt)
    expect(unknown['sessionId']).toBe('')
    const [head] = (await users.createJWT({ userId: 'sup' })).jwt.split('.')
    expect(JSON.parse(Buffer.from(head!, 'base64url').toString())).toEqual({ typ: 'JWT', alg: 'HS256' })
  })

  it('refuses a duration out of range, and answers 0 with the JWT library’s 500', async () => {
    await expectError(
      users.createJWT({ userId: 'sup', duration: 3601 }),
      400,
      'general_argument_invalid',
      /Invalid `duration` param: Value must be a valid range between 0 and 3,600/,
    )
    await expectError(users.createJWT({ userId: 'sup', duration: 0 }), 500, 'general_unknown', 'Server Error')
    await expectError(
      users.createJWT({ userId: 'sup', sessionId: 'x'.repeat(37) }),
      400,
      'general_argument_invalid',
      /Invalid `sessionId` param/,
    )
    await expectError(users.createJWT({ userId: 'nobody' }), 404, 'user_not_found')
  })
})

describe('impersonator', () => {
  it('sets the flag, filters on it, and takes Appwrite loose booleans', async () => {
    const on = await users.updateImpersonator({ userId: 'other', impersonator: true })
    expect(on.impersonator).toBe(true)
    const listed = await users.list({ queries: [Query.equal('impersonator', true), Query.limit(500)] })
    expect(listed.users.map((u) => u.$id)).toContain('other')
    expect(listed.users.every((u) => u.impersonator)).toBe(true)
    const off = await raw(sb, '/users/other/impersonator', {
      method: 'PATCH',
      body: JSON.stringify({ impersonator: 'false' }),
    })
    expect(off.status).toBe(200)
    expect(((await off.json()) as { impersonator: boolean }).impersonator).toBe(false)
    await expectError(
      users.updateImpersonator({ userId: 'nobody', impersonator: true }),
      404,
      'user_not_found',
    )
  })
})

describe('impersonator on a server before 1.9.0', () => {
  it('has no route, no filter and no field, as Appwrite 1.8.1 has none', async () => {
    const old = await sandbox({ appwriteVersion: '1.8.1' })
    try {
      const users = usersFor(old)
      const user = await users.create({ userId: 'u1' })
      expect('impersonator' in user).toBe(false)
      const route = await raw(old, '/users/u1/impersonator', {
        method: 'PATCH',
        body: JSON.stringify({ impersonator: true }),
      })
      expect(route.status).toBe(404)
      expect(await route.json()).toMatchObject({ type: 'general_route_not_found', version: '1.8.1' })
      const filtered = await raw(
        old,
        `/users?queries[]=${encodeURIComponent(Query.equal('impersonator', true))}`,
      )
      expect(filtered.status).toBe(400)
    } finally {
      await old.close()
    }
  })
})

describe('scopes', () => {
  it('needs users.write for each of these writes, and users.write or sessions.write for a session', async () => {
    const reader = await sandbox({ scopes: ['users.read', 'sessions.write'] })
    try {
      const users = usersFor(reader)
      await users.create({ userId: 'u1' }).catch(() => undefined)
      const denied = (call: Promise<unknown>, scopes: string) =>
        expectError(call, 401, 'general_unauthorized_scope', new RegExp(`missing scopes \\(${scopes}\\)`))
      const w = '\\["users.write"\\]'
      await denied(users.deleteIdentity('i1'), w)
      await denied(
        users.createTarget({
          userId: 'u1',
          targetId: 't',
          providerType: MessagingProviderType.Push,
          identifier: 'x',
        }),
        w,
      )
      await denied(users.updateTarget({ userId: 'u1', targetId: 't', name: 'n' }), w)
      await denied(users.deleteTarget('u1', 't'), w)
      await denied(users.createToken({ userId: 'u1' }), w)
      await denied(users.createJWT({ userId: 'u1' }), w)
      await denied(users.updateImpersonator({ userId: 'u1', impersonator: true }), w)
      // Either scope admits a session: this key's sessions.write does, so the user is looked up.
      await expectError(users.createSession({ userId: 'u1' }), 404, 'user_not_found')
    } finally {
      await reader.close()
    }
  })
})
