import { Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { expectError, raw, sandbox, usersFor } from './helpers'

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

const ids = (list: { users: { $id: string }[] }) => list.users.map((u) => u.$id)

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
  await users.create({ userId: 'u1', email: 'alice@acme.io', name: 'Alice Smith', phone: '+15551000001' })
  await users.create({ userId: 'u2', email: 'bob@gmail.com', name: 'Bob Jones' })
  await users.create({ userId: 'u3', email: 'carol@acme.io', name: 'Carol Smith' })
  await users.create({ userId: 'u4', name: 'dave' })
  await users.create({ userId: 'u5', email: 'users.service@updated.com', name: 'Eve Adams' })
  await users.updateLabels('u1', ['vip', 'beta'])
  await users.updateLabels('u3', ['vip'])
  await users.updateStatus('u2', false)
  await users.updateEmailVerification('u3', true)
})
afterAll(() => sb.close())

describe('list', () => {
  it('lists in insertion order with total and default limit', async () => {
    const list = await users.list()
    expect(Object.keys(list)).toEqual(['total', 'users'])
    expect(list.total).toBe(5)
    expect(ids(list)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5'])
    expect((await users.list({ total: false })).total).toBe(0)
  })

  it('filters with every comparison method', async () => {
    expect(ids(await users.list([Query.equal('email', ['alice@acme.io', 'bob@gmail.com'])]))).toEqual([
      'u1',
      'u2',
    ])
    expect(ids(await users.list([Query.notEqual('name', 'dave')]))).toEqual(['u1', 'u2', 'u3', 'u5'])
    expect(ids(await users.list([Query.equal('status', [false])]))).toEqual(['u2'])
    expect(ids(await users.list([Query.equal('emailVerification', [true])]))).toEqual(['u3'])
    expect(ids(await users.list([Query.startsWith('name', 'Car')]))).toEqual(['u3'])
    expect(ids(await users.list([Query.endsWith('email', '@acme.io')]))).toEqual(['u1', 'u3'])
    expect(ids(await users.list([Query.contains('labels', ['beta'])]))).toEqual(['u1'])
    expect(ids(await users.list([Query.contains('name', ['smith'])]))).toEqual(['u1', 'u3'])
    expect(ids(await users.list([Query.isNull('phone')]))).toEqual(['u2', 'u3', 'u4', 'u5'])
    expect(ids(await users.list([Query.isNotNull('phone')]))).toEqual(['u1'])
    expect(ids(await users.list([Query.lessThan('$id', 'u3')]))).toEqual(['u1', 'u2'])
    expect(ids(await users.list([Query.lessThanEqual('$id', 'u3')]))).toEqual(['u1', 'u2', 'u3'])
    expect(ids(await users.list([Query.greaterThan('$id', 'u3')]))).toEqual(['u4', 'u5'])
    expect(ids(await users.list([Query.greaterThanEqual('$id', 'u4')]))).toEqual(['u4', 'u5'])
    expect(ids(await users.list([Query.between('$id', 'u2', 'u3')]))).toEqual(['u2', 'u3'])
    await expectError(
      users.list([Query.search('name', 'smith')]),
      400,
      'general_query_invalid',
      'Searching by attribute "name" requires a fulltext index.',
    )
    const future = new Date(Date.now() + 60_000).toISOString()
    expect((await users.list([Query.lessThan('$createdAt', future)])).total).toBe(5)
    expect(
      ids(await users.list([Query.or([Query.equal('name', ['dave']), Query.equal('$id', ['u1'])])])),
    ).toEqual(['u1', 'u4'])
    expect(
      ids(
        await users.list([
          Query.and([Query.contains('labels', ['vip']), Query.equal('emailVerification', [true])]),
        ]),
      ),
    ).toEqual(['u3'])
  })

  it('orders, pages and uses cursors', async () => {
    expect(ids(await users.list([Query.orderDesc('name')]))).toEqual(['u5', 'u4', 'u3', 'u2', 'u1'])
    expect(ids(await users.list([Query.orderAsc('name'), Query.limit(2), Query.offset(1)]))).toEqual([
      'u2',
      'u3',
    ])
    const page = await users.list([Query.limit(2)])
    expect(page.total).toBe(5)
    expect(ids(page)).toEqual(['u1', 'u2'])
    expect(ids(await users.list([Query.limit(2), Query.cursorAfter('u2')]))).toEqual(['u3', 'u4'])
    expect(ids(await users.list([Query.cursorBefore('u2')]))).toEqual(['u1'])
    expect(ids(await users.list([Query.limit(1), Query.cursorBefore('u4')]))).toEqual(['u3'])
    await expectError(
      users.list([Query.cursorAfter('missing')]),
      400,
      'general_cursor_not_found',
      "User 'missing' for the 'cursor' value not found.",
    )
  })

  it("rejects bad queries with Appwrite's messages", async () => {
    const prefix = 'Invalid `queries` param: '
    await expectError(
      users.list([Query.equal('password', ['x'])]),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query: Attribute not found in schema: password`,
    )
    await expectError(
      users.list(['{not json']),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query: Invalid query: Syntax error`,
    )
    await expectError(
      users.list([JSON.stringify({ method: 'frobnicate', attribute: 'name', values: ['x'] })]),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query: Invalid query method: frobnicate`,
    )
    await expectError(
      users.list([Query.select(['name'])]),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query method: select`,
    )
    await expectError(
      users.list([Query.equal('status', ['yes'])]),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query: Query value is invalid for attribute "status"`,
    )
    await expectError(
      users.list([Query.equal('labels', ['vip'])]),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query: Cannot query equal on attribute "labels" because it is an array.`,
    )
    await expectError(users.list([Query.limit(0)]), 400, 'general_argument_invalid', /Invalid limit/)
    await expectError(users.list([Query.offset(-1)]), 400, 'general_argument_invalid', /Invalid offset/)
    await expectError(
      users.list([Query.orderAsc('secret')]),
      400,
      'general_argument_invalid',
      `${prefix}Invalid query: Attribute not found in schema: secret`,
    )
    await expectError(users.list([], 's'.repeat(257)), 400, 'general_argument_invalid')
  })

  it('has no limit on the number of queries, like the current server', async () => {
    const many = Array.from({ length: 120 }, () => Query.notEqual('name', 'nobody'))
    expect((await users.list(many)).total).toBe(5)
  })

  it('accepts queries[], queries[N] and a plain queries param', async () => {
    const q = encodeURIComponent(Query.equal('$id', ['u2']))
    for (const form of [`queries[]=${q}`, `queries[0]=${q}`, `queries=${q}`]) {
      const body = (await (await raw(sb, `/users?${form}`)).json()) as { total: number }
      expect(body.total).toBe(1)
    }
  })
})

describe('search', () => {
  it('matches word prefixes over id, email, phone, name and labels', async () => {
    expect(ids(await users.list([], 'Smith'))).toEqual(['u1', 'u3'])
    expect(ids(await users.list([], 'ali'))).toEqual(['u1'])
    expect(ids(await users.list([], 'alice@acme.io'))).toEqual(['u1', 'u3'])
    expect(ids(await users.list([], 'vip'))).toEqual(['u1', 'u3'])
    expect(ids(await users.list([], '+15551000001'))).toEqual(['u1'])
    expect(ids(await users.list([], '"users.service@updated.com"'))).toEqual(['u5'])
    expect(ids(await users.list([Query.equal('status', [true])], 'Smith'))).toEqual(['u1', 'u3'])
    expect(ids(await users.list([Query.limit(1)], 'Smith'))).toEqual(['u1'])
    expect((await users.list([Query.limit(1)], 'Smith')).total).toBe(2)
    expect(await users.list([], '>')).toEqual({ total: 0, users: [] })
  })
})
