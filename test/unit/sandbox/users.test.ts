import { Client, ID, Query, Users } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { PROJECT, expectError, raw, sandbox, usersFor } from './helpers'

const USER_KEYS = [
  '$id',
  '$createdAt',
  '$updatedAt',
  'name',
  'password',
  'hash',
  'hashOptions',
  'registration',
  'status',
  'labels',
  'passwordUpdate',
  'email',
  'phone',
  'emailVerification',
  'emailCanonical',
  'emailIsFree',
  'emailIsDisposable',
  'emailIsCorporate',
  'emailIsCanonical',
  'phoneVerification',
  'mfa',
  'prefs',
  'targets',
  'accessedAt',
  'impersonator',
  'impersonatorUserId',
]
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
})
afterAll(() => sb.close())

describe('create and get', () => {
  it('creates a user with Appwrite defaults, field order and targets', async () => {
    const user = await users.create({
      userId: 'cr7',
      email: 'Cristiano.Ronaldo@Manchester-United.co.uk',
      phone: '+910000000000',
      name: 'Cristiano Ronaldo',
    })
    expect(Object.keys(user)).toEqual(USER_KEYS)
    expect(user).toMatchObject({
      $id: 'cr7',
      name: 'Cristiano Ronaldo',
      password: null,
      hash: 'argon2',
      hashOptions: { type: 'argon2', memory_cost: 65536, time_cost: 4, threads: 3 },
      status: true,
      labels: [],
      passwordUpdate: '',
      email: 'cristiano.ronaldo@manchester-united.co.uk',
      phone: '+910000000000',
      emailVerification: false,
      emailCanonical: 'cristiano.ronaldo@manchester-united.co.uk',
      emailIsFree: false,
      emailIsDisposable: false,
      emailIsCorporate: true,
      emailIsCanonical: true,
      phoneVerification: false,
      mfa: false,
      prefs: {},
      accessedAt: '',
      impersonator: false,
      impersonatorUserId: null,
    })
    expect(user.$createdAt).toMatch(DATE)
    expect(user.targets.map((t) => [t.providerType, t.identifier])).toEqual([
      ['email', 'cristiano.ronaldo@manchester-united.co.uk'],
      ['sms', '+910000000000'],
    ])
    const fetched = await users.get('cr7')
    expect(fetched).toEqual(user)
  })

  it('generates 20-hex ids for unique() and keeps an empty prefs object in the raw JSON', async () => {
    const response = await raw(sb, '/users', { method: 'POST', body: JSON.stringify({ userId: 'unique()' }) })
    expect(response.status).toBe(201)
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8')
    const text = await response.text()
    expect(text).toContain('"prefs":{}')
    const body = JSON.parse(text) as { $id: string; email: string; emailCanonical: null }
    expect(body.$id).toMatch(/^[0-9a-f]{20}$/)
    expect(body.email).toBe('')
    expect(body.emailCanonical).toBeNull()
  })

  it('hashes a plain password as argon2id', async () => {
    const user = await users.create({
      userId: 'plain',
      email: 'plain@example.com',
      password: 'correct horse',
    })
    expect(user.password).toMatch(/^\$argon2id\$v=19\$m=65536,t=4,p=3\$/)
    expect(user.passwordUpdate).toMatch(DATE)
  })

  it('rejects duplicates of id, email and phone with 409 user_already_exists', async () => {
    await users.create({ userId: 'dup', email: 'dup@example.com', phone: '+15550001111' })
    const message = 'A user with the same id, email, or phone already exists in this project.'
    await expectError(users.create({ userId: 'dup' }), 409, 'user_already_exists', message)
    await expectError(
      users.create({ userId: ID.unique(), email: 'DUP@example.com' }),
      409,
      'user_already_exists',
    )
    await expectError(
      users.create({ userId: ID.unique(), phone: '+15550001111' }),
      409,
      'user_already_exists',
    )
  })

  it("takes an id as taken whatever its case, as MariaDB's collation compares Appwrite's unique id key", async () => {
    await users.create({ userId: 'Mixed1', email: 'mixed1@example.com' })
    await expectError(users.create({ userId: 'mixed1' }), 409, 'user_already_exists')
    await expectError(
      users.createBcryptUser({
        userId: 'MIXED1',
        email: 'other-mixed@example.com',
        password: '$2a$04$abcdefghijklmnopqrstuu',
      }),
      409,
      'user_already_exists',
    )
    await users.create({ userId: 'lower2' })
    await expectError(users.create({ userId: 'Lower2' }), 409, 'user_already_exists')
    // Neither refused create left a user behind.
    const found = await users.list({ queries: [Query.equal('$id', ['mixed1', 'lower2'])] })
    expect(found.users.map((u) => u.$id).sort()).toEqual(['Mixed1', 'lower2'])
  })

  it('finds a user by their id in any case, and changes that user: MariaDB compares `_uid` ignoring case', async () => {
    await users.create({ userId: 'Folded3', email: 'folded3@example.com' })
    const found = await users.get({ userId: 'FOLDED3' })
    expect(found.$id).toBe('Folded3')
    const renamed = await users.updateName({ userId: 'folded3', name: 'Renamed' })
    expect(renamed.$id).toBe('Folded3')
    expect((await users.get({ userId: 'Folded3' })).name).toBe('Renamed')
    await users.updateLabels({ userId: 'fOLDED3', labels: ['vip'] })
    expect(sb.store.getUser('Folded3')!.labels).toEqual(['vip'])
    await users.delete({ userId: 'FOLDED3' })
    await expectError(users.get({ userId: 'Folded3' }), 404, 'user_not_found')
    expect(sb.store.userIdFolded('folded3')).toBeUndefined()
  })

  it('validates params with utopia messages', async () => {
    await expectError(
      users.create({ userId: '_bad' }),
      400,
      'general_argument_invalid',
      "Invalid `userId` param: Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char",
    )
    await expectError(
      users.create({ userId: 'x'.repeat(37) }),
      400,
      'general_argument_invalid',
      /^Invalid `userId` param/,
    )
    await expectError(
      users.create({ userId: ID.unique(), email: 'not-an-email' }),
      400,
      'general_argument_invalid',
      'Invalid `email` param: Value must be a valid email address',
    )
    await expectError(
      users.create({ userId: ID.unique(), phone: '0123' }),
      400,
      'general_argument_invalid',
      "Invalid `phone` param: Phone number must start with a '+' can have a maximum of fifteen digits.",
    )
    await expectError(
      users.create({ userId: ID.unique(), password: 'short' }),
      400,
      'general_argument_invalid',
      'Invalid `password` param: Password must be between 8 and 256 characters long.',
    )
    await expectError(
      users.create({ userId: ID.unique(), name: 'n'.repeat(129) }),
      400,
      'general_argument_invalid',
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    )
    // 128 multibyte characters are fine: the limit counts characters.
    await users.create({ userId: ID.unique(), name: 'é'.repeat(128) })
    const missing = await raw(sb, '/users', { method: 'POST', body: '{}' })
    expect(await missing.json()).toMatchObject({ code: 400, message: 'Param "userId" is not optional.' })
  })

  it('answers 404 user_not_found for unknown users and routes', async () => {
    await expectError(
      users.get('nobody'),
      404,
      'user_not_found',
      'User with the requested ID could not be found.',
    )
    const response = await raw(sb, '/nothing-here')
    expect(response.status).toBe(404)
    expect(await response.json()).toMatchObject({ type: 'general_route_not_found' })
  })
})

describe('updates', () => {
  it('updates flags, name, labels and prefs', async () => {
    await users.create({ userId: 'upd', email: 'upd@example.com', phone: '+15550002222' })
    expect((await users.updateStatus('upd', false)).status).toBe(false)
    expect((await users.updateEmailVerification('upd', true)).emailVerification).toBe(true)
    expect((await users.updatePhoneVerification('upd', true)).phoneVerification).toBe(true)
    expect((await users.updateMFA('upd', true)).mfa).toBe(true)
    expect((await users.updateImpersonator('upd', true)).impersonator).toBe(true)
    expect((await users.updateName('upd', '')).name).toBe('')
    expect((await users.updateName('upd', 'Updated name')).name).toBe('Updated name')
    expect((await users.updateLabels('upd', ['vip', 'vip', 'pro'])).labels).toEqual(['vip', 'pro'])
    expect((await users.updateLabels('upd', [])).labels).toEqual([])
    await expectError(
      users.updateLabels('upd', ['not-valid']),
      400,
      'general_argument_invalid',
      /^Invalid `labels` param: Value must a valid array no longer than 1000 items and Value must be a valid string and at least 1 chars and no longer than 36 chars/,
    )
    await expectError(users.updateLabels('upd', ['a'.repeat(37)]), 400, 'general_argument_invalid')
    expect(await users.getPrefs('upd')).toEqual({})
    expect(await users.updatePrefs('upd', { theme: 'dark', n: 1 })).toEqual({ theme: 'dark', n: 1 })
    expect(await users.updatePrefs('upd', { lang: 'de' })).toEqual({ lang: 'de' })
    expect(await users.getPrefs('upd')).toEqual({ lang: 'de' })
    await expectError(
      users.updatePrefs('upd', { big: 'x'.repeat(65536) }),
      400,
      'general_argument_invalid',
      'Invalid `prefs` param: Value must be a valid object.',
    )
    const list = await raw(sb, '/users/upd/prefs', {
      method: 'PATCH',
      body: JSON.stringify({ prefs: ['a'] }),
    })
    expect(list.status).toBe(400)
    const bool = await raw(sb, '/users/upd/status', {
      method: 'PATCH',
      body: JSON.stringify({ status: 'maybe' }),
    })
    expect(await bool.json()).toMatchObject({
      message: 'Invalid `status` param: Value must be a valid boolean',
    })
  })

  it('updates email and phone with their targets and uniqueness rules', async () => {
    await users.create({ userId: 'e1', email: 'e1@example.com', phone: '+15550003333' })
    await users.create({ userId: 'e2', email: 'e2@example.com', phone: '+15550004444' })
    const changed = await users.updateEmail('e1', 'E1-new@Example.com')
    expect(changed.email).toBe('e1-new@example.com')
    expect(changed.emailVerification).toBe(false)
    expect(changed.targets.find((t) => t.providerType === 'email')?.identifier).toBe('e1-new@example.com')
    await expectError(users.updateEmail('e1', 'e2@example.com'), 409, 'user_target_already_exists')
    await expectError(users.updatePhone('e1', '+15550004444'), 409, 'user_target_already_exists')
    await expectError(users.updateEmail('e1', 'bad'), 400, 'general_argument_invalid')
    const cleared = await users.updateEmail('e1', '')
    expect(cleared.email).toBe('')
    expect(cleared.targets.map((t) => t.providerType)).toEqual(['sms'])
    const phone = await users.updatePhone('e1', '+15550005555')
    expect(phone.phone).toBe('+15550005555')
    expect((await users.updatePhone('e1', '')).phone).toBe('')
    expect((await users.updatePhone('e2', '')).phone).toBe('')
  })

  it('updates and clears the password', async () => {
    await users.create({ userId: 'pw', email: 'pw@example.com' })
    const cleared = await users.updatePassword('pw', '')
    expect(cleared.password).toBe('')
    expect(cleared.passwordUpdate).toMatch(DATE)
    // Appwrite's action goes on past that answer and stores the argon2 hash of "".
    expect((await users.get('pw')).password).toMatch(/^\$argon2id\$/)
    await expectError(users.updatePassword('pw', 'short'), 400, 'general_argument_invalid')
  })

  it('deletes a user, then 404s', async () => {
    await users.create({ userId: 'gone', email: 'gone@example.com' })
    const result = await users.delete('gone')
    expect(result).toEqual({ message: '' })
    await expectError(users.delete('gone'), 404, 'user_not_found')
    // The email is free again.
    await users.create({ userId: 'gone2', email: 'gone@example.com' })
  })
})

describe('auth', () => {
  it('rejects a wrong key as user_unauthorized, no key as guests and a wrong project as project_not_found', async () => {
    await expectError(usersFor(sb, 'wrong').list(), 401, 'user_unauthorized')
    const guest = new Users(new Client().setEndpoint(sb.url).setProject(PROJECT))
    await expectError(
      guest.list(),
      401,
      'general_unauthorized_scope',
      'User (role: guests) missing scopes (["users.read"])',
    )
    await expectError(usersFor(sb, undefined, 'other').list(), 404, 'project_not_found')
  })

  it('enforces key scopes with the applications actor', async () => {
    const readOnly = await sandbox({ scopes: ['users.read'] })
    try {
      const client = usersFor(readOnly)
      await client.list()
      await expectError(
        client.updateName('probe-doesnotexist', 'x'),
        401,
        'general_unauthorized_scope',
        'app.test-project@service.127.0.0.1 (role: applications) missing scopes (["users.write"])',
      )
      await expectError(
        client.createSession('x'),
        401,
        'general_unauthorized_scope',
        /missing scopes \(\["users.write","sessions.write"\]\)$/,
      )
      // Every project key has the applications role's health.read (roles.php).
      const health = await raw(readOnly, '/health')
      expect(health.status).toBe(200)
    } finally {
      await readOnly.close()
    }
    // With users.write the probe reaches the handler.
    await expectError(users.updateName('probe-doesnotexist', 'x'), 404, 'user_not_found')
  })

  it('serves health to a key with health.read', async () => {
    const response = await raw(sb, '/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ name: 'http', ping: 0, status: 'pass' })
    expect((await raw(sb, '/health', { key: null })).status).toBe(401)
  })
})
