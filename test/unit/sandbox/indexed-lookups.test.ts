import fc from 'fast-check'
import { Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { sandbox, usersFor } from './helpers'

/**
 * The sandbox answers an `equal` on $id, email or phone from its indexes, as Appwrite does from its
 * unique keys, instead of scanning every user. The answer must be the scan's: the same query with the
 * `equal` inside an `or` (which no index covers) is the oracle, over real HTTP.
 */
let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

const people = Array.from({ length: 24 }, (_, i) => ({
  // Mixed-case ids too: MariaDB compares ids case-insensitively, so the index must find them.
  userId: ['u', 'Mixed', 'CAPS'][i % 3]! + i,
  email: i % 4 === 3 ? undefined : `Person${i}@Example.com`,
  phone: i % 2 === 0 ? `+1555000${String(i).padStart(4, '0')}` : undefined,
  name: `Person ${i % 5}`,
  disabled: i % 6 === 0,
}))

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
  for (const p of people) {
    await users.create({ userId: p.userId, email: p.email, phone: p.phone, name: p.name })
    if (p.disabled) await users.updateStatus({ userId: p.userId, status: false })
  }
})
afterAll(() => sb.close())

const ids = (list: { users: { $id: string }[] }) => list.users.map((u) => u.$id)

/** A value as a person might ask for it: as stored, in another case, or one nobody has. */
const askedValue = (attribute: '$id' | 'email' | 'phone') => {
  const stored = people.map((p) =>
    attribute === '$id' ? p.userId : attribute === 'email' ? p.email?.toLowerCase() : p.phone,
  )
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .tuple(fc.constantFrom(...stored.filter((v): v is string => v !== undefined)), fc.nat(2))
        .map(([v, c]) => (c === 0 ? v : c === 1 ? v.toUpperCase() : v.toLowerCase())),
    },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  )
}

const extraFilter = fc.constantFrom(
  null,
  Query.equal('status', [true]),
  Query.notEqual('name', 'Person 1'),
  Query.startsWith('name', 'Person'),
  Query.isNotNull('phone'),
)

describe('equal on an indexed attribute', () => {
  it('finds a mixed-case id and an email whatever their case in the query', async () => {
    expect(ids(await users.list({ queries: [Query.equal('$id', ['mixed1', 'caps2'])] }))).toEqual([
      'Mixed1',
      'CAPS2',
    ])
    expect(ids(await users.list({ queries: [Query.equal('email', ['PERSON4@example.COM'])] }))).toEqual([
      'Mixed4',
    ])
  })

  it('answers as a scan would, with other filters, paging, cursors and orders', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('$id' as const, 'email' as const, 'phone' as const).chain((attribute) =>
          fc.record({
            attribute: fc.constant(attribute),
            values: fc.array(askedValue(attribute), { minLength: 1, maxLength: 6 }),
            extra: extraFilter,
            limit: fc.integer({ min: 1, max: 30 }),
            offset: fc.nat(4),
            cursor: fc.option(
              fc.record({
                id: fc.constantFrom(...people.map((p) => p.userId)),
                after: fc.boolean(),
              }),
              { freq: 2 },
            ),
            order: fc.constantFrom(null, Query.orderAsc('email'), Query.orderDesc('$createdAt')),
            total: fc.boolean(),
          }),
        ),
        async ({ attribute, values, extra, limit, offset, cursor, order, total }) => {
          const rest = [
            ...(extra ? [extra] : []),
            ...(order ? [order] : []),
            Query.limit(limit),
            Query.offset(offset),
            ...(cursor ? [cursor.after ? Query.cursorAfter(cursor.id) : Query.cursorBefore(cursor.id)] : []),
          ]
          const equal = Query.equal(attribute, values)
          const [indexed, scanned] = await Promise.all([
            users.list({ queries: [equal, ...rest], total }).then(
              (list) => ({ ids: ids(list), total: list.total }),
              (err: Error) => ({ error: err.message }),
            ),
            users.list({ queries: [Query.or([equal, equal]), ...rest], total }).then(
              (list) => ({ ids: ids(list), total: list.total }),
              (err: Error) => ({ error: err.message }),
            ),
          ])
          expect(indexed).toEqual(scanned)
        },
      ),
      { numRuns: 150 },
    )
  })
})
