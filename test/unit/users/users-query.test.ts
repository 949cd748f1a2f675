import { describe, expect, it } from 'vitest'
import { dateBoundary, toQueries } from '../../../src/host/users/users-query'

const parsed = (filters: Parameters<typeof toQueries>[0], sort?: Parameters<typeof toQueries>[1]) =>
  toQueries(filters, sort).map(
    (q) => JSON.parse(q) as { method: string; attribute?: string; values?: unknown[] },
  )

describe('toQueries: the browser filters as Appwrite queries', () => {
  it('turns each filter into the query Appwrite expects', () => {
    expect(
      parsed(
        { status: 'blocked', emailVerified: true, phoneVerified: false, label: 'vip' },
        { field: 'name', direction: 'desc' },
      ),
    ).toEqual([
      { method: 'equal', attribute: 'status', values: [false] },
      { method: 'equal', attribute: 'emailVerification', values: [true] },
      { method: 'equal', attribute: 'phoneVerification', values: [false] },
      { method: 'contains', attribute: 'labels', values: ['vip'] },
      { method: 'orderDesc', attribute: 'name' },
    ])
  })

  it('makes a bare day cover the whole UTC day at both ends, in Appwrite date form', () => {
    expect(dateBoundary('2024-05-01', 'from')).toBe('2024-05-01T00:00:00.000+00:00')
    expect(dateBoundary('2024-05-31', 'until')).toBe('2024-05-31T23:59:59.999+00:00')
    expect(dateBoundary('2024-05-01T10:00:00Z', 'until')).toBe('2024-05-01T10:00:00.000+00:00')
    expect(parsed({ registeredAfter: '2024-01-01', passwordChangedBefore: '2024-02-01' })).toEqual([
      { method: 'greaterThanEqual', attribute: 'registration', values: ['2024-01-01T00:00:00.000+00:00'] },
      { method: 'lessThanEqual', attribute: 'passwordUpdate', values: ['2024-02-01T23:59:59.999+00:00'] },
    ])
  })

  it('adds nothing for no filters and no sort', () => {
    expect(toQueries()).toEqual([])
  })
})
