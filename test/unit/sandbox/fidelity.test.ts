import { ID, Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { expectError, raw, sandbox, usersFor } from './helpers'

/** Behaviours checked against Appwrite 1.9.5's source, each once wrong in the sandbox. */
let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
})
afterAll(() => sb.close())

describe('answers as Appwrite 1.9.5', () => {
  it('gives a SHA user the hasher’s default version when none is sent', async () => {
    const user = await users.createSHAUser({
      userId: ID.unique(),
      email: 'sha-default@example.com',
      password: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    })
    expect(user.hashOptions).toEqual({ version: 'sha256' })
  })

  it('measures prefs as PHP json_encode writes them: é is six bytes, / is two', async () => {
    const user = await users.create({ userId: ID.unique() })
    // 24,000 × "é" is 48 kB as UTF-8 but 144 kB as \u00e9 escapes.
    await expectError(
      users.updatePrefs({ userId: user.$id, prefs: { x: 'é'.repeat(24_000) } }),
      400,
      'general_argument_invalid',
    )
    const slashes = { x: '/'.repeat(40_000) }
    await expectError(
      users.updatePrefs({ userId: user.$id, prefs: slashes }),
      400,
      'general_argument_invalid',
    )
    expect(await users.updatePrefs({ userId: user.$id, prefs: { x: 'a'.repeat(65_000) } })).toEqual({
      x: 'a'.repeat(65_000),
    })
    // Keys "0", "1", … decode in PHP to a list, which Assoc refuses.
    await expectError(
      users.updatePrefs({ userId: user.$id, prefs: { 0: 'a', 1: 'b' } }),
      400,
      'general_argument_invalid',
    )
  })

  it('refuses an unknown API key with 401 user_unauthorized', async () => {
    await expectError(usersFor(sb, 'not-the-key').list(), 401, 'user_unauthorized')
    await expectError(usersFor(sb, 'standard_nope').list(), 401, 'user_unauthorized')
    // A key of a type Appwrite does not look up in the project falls back to a guest.
    await expectError(
      usersFor(sb, 'other_nope').list(),
      401,
      'general_unauthorized_scope',
      /^User \(role: guests\)/,
    )
  })

  it('sends a Content-Type with an empty 204 answer', async () => {
    const user = await users.create({ userId: ID.unique() })
    const response = await raw(sb, `/users/${user.$id}`, { method: 'DELETE' })
    expect(response.status).toBe(204)
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toBe('')
  })

  it('refuses Query.search on an attribute without a full-text index', async () => {
    for (const query of [Query.search('email', 'x'), Query.notSearch('name', 'x')]) {
      await expectError(
        users.list({ queries: [query] }),
        400,
        'general_query_invalid',
        /requires a fulltext index\.$/,
      )
    }
    await expectError(
      users.list({ queries: [Query.or([Query.search('name', 'x'), Query.equal('name', ['y'])])] }),
      500,
      'general_unknown',
    )
  })

  it('searches labels, and follows InnoDB: no words under three letters, no stopwords', async () => {
    const search = async (term: string) => (await users.list({ search: term })).users.map((u) => u.$id).sort()
    await users.create({ userId: 'lab1', name: 'Al Who' })
    await users.create({ userId: 'lab2', name: 'Alba Thewlis' })
    await users.updateLabels({ userId: 'lab1', labels: ['goldTier'] })
    expect(await search('goldtier')).toEqual(['lab1'])
    expect(await search('label')).toEqual(['lab1'])
    // "al" and "who" are never indexed; the last word of a search is still a prefix.
    expect(await search('al')).toEqual(['lab2'])
    expect(await search('who')).toEqual([])
    expect(await search('who alba')).toEqual(['lab2'])
  })

  it('refuses an empty string where Text has its default minimum of one', async () => {
    await expectError(
      users.create({ userId: ID.unique(), name: '' }),
      400,
      'general_argument_invalid',
      'Invalid `name` param: Value must be a valid string and at least 1 chars and no longer than 128 chars',
    )
    const user = await users.create({ userId: ID.unique(), name: 'x' })
    expect((await users.updateName({ userId: user.$id, name: '' })).name).toBe('')
  })

  it('checks every param before it looks the user up', async () => {
    await expectError(
      users.updateLabels({ userId: 'nobody', labels: ['no-dash'] }),
      400,
      'general_argument_invalid',
    )
    await expectError(users.updateEmail({ userId: 'nobody', email: 'bad' }), 400, 'general_argument_invalid')
    await expectError(users.updateLabels({ userId: 'nobody', labels: ['ok'] }), 404, 'user_not_found')
  })

  it('takes "true" for status but only JSON booleans for the verification and mfa flags', async () => {
    const user = await users.create({ userId: ID.unique() })
    const patch = (path: string, body: object) =>
      raw(sb, `/users/${user.$id}/${path}`, { method: 'PATCH', body: JSON.stringify(body) })
    expect((await patch('status', { status: 'false' })).status).toBe(200)
    for (const [path, param] of [
      ['verification', 'emailVerification'],
      ['verification/phone', 'phoneVerification'],
      ['mfa', 'mfa'],
    ] as const) {
      const response = await patch(path, { [param]: 'true' })
      expect(response.status).toBe(400)
      expect((await patch(path, { [param]: true })).status).toBe(200)
    }
  })

  it('deletes a session by its id alone, as Appwrite does', async () => {
    const owner = await users.create({ userId: ID.unique() })
    const other = await users.create({ userId: ID.unique() })
    const session = await users.createSession({ userId: owner.$id })
    await users.deleteSession({ userId: other.$id, sessionId: session.$id })
    expect((await users.listSessions({ userId: owner.$id })).total).toBe(0)
  })

  it('answers GET /health/version to anyone, under any known project', async () => {
    for (const project of [null, 'console', sb.projectId]) {
      const response = await raw(sb, '/health/version', { key: null, project })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ version: 'latest' })
    }
    expect((await raw(sb, '/health/version', { key: null, project: 'elsewhere' })).status).toBe(404)
  })

  it('needs sessions.write from a key on /account/sessions/email, as from anyone', async () => {
    const readOnly = await sandbox({ scopes: ['users.read'] })
    try {
      const response = await raw(readOnly, '/account/sessions/email', {
        method: 'POST',
        body: JSON.stringify({ email: 'nobody@example.com', password: 'password123' }),
      })
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ type: 'general_unauthorized_scope' })
    } finally {
      await readOnly.close()
    }
  })
})
