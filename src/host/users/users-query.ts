import { Query } from 'node-appwrite'
import type { SortableUserField, UserFilters, UserSort } from '@shared/contract/users'
import {
  OLDEST_RELEASE,
  unsupportedUsersQuery,
  type AppwriteServer,
  type UsersQueryShape,
} from '@shared/appwrite-versions'
import { fail } from '@shared/errors'

/** Sort columns a user may have no value in (Appwrite stores NULL): a cursor on such a user is refused. */
export const NULLABLE_SORT_FIELDS: ReadonlySet<SortableUserField> = new Set([
  'email',
  'phone',
  'passwordUpdate',
  'accessedAt',
])

const DAY_MS = 24 * 3600 * 1000

/** Appwrite's datetime form: milliseconds and a numeric offset. */
function appwriteDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00')
}

/**
 * A bound as Appwrite compares it. A bare day covers the whole UTC day on both ends: "registered
 * after 2024-05-01" includes the 1st, "before 2024-05-31" includes the 31st.
 */
export function dateBoundary(value: string, side: 'from' | 'until'): string {
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
  const ms = Date.parse(dayOnly ? `${value}T00:00:00.000Z` : value)
  return appwriteDate(dayOnly && side === 'until' ? ms + DAY_MS - 1 : ms)
}

function range(attribute: string, from?: string, until?: string): string[] {
  const out: string[] = []
  if (from) out.push(Query.greaterThanEqual(attribute, dateBoundary(from, 'from')))
  if (until) out.push(Query.lessThanEqual(attribute, dateBoundary(until, 'until')))
  return out
}

/**
 * Refuses, before anything reaches the server, a filter or sort the project's Appwrite version would
 * answer with 400 (sorting by last access on self-hosted 1.9.5, say), in the words the window shows.
 * The release is looked up only for a query some supported release would refuse; most need no lookup.
 */
export async function refuseUnsupported(
  project: { server(): Promise<AppwriteServer | null> },
  query: UsersQueryShape,
): Promise<void> {
  if (!unsupportedUsersQuery(OLDEST_SERVER, query)) return
  const problem = unsupportedUsersQuery(await project.server(), query)
  if (problem) fail('invalid_input', problem.message, { field: problem.field })
}

/**
 * The oldest self-hosted release Userdeck supports: releases only add capabilities, and Cloud has them
 * all, so whatever it can answer, every release can.
 */
const OLDEST_SERVER: AppwriteServer = { version: OLDEST_RELEASE, cloud: false }

/**
 * The `search` parameter as Appwrite should get it, or undefined for none. Appwrite splits a term into
 * words and matches ANY of them, so a pasted email ("ada.lovelace@example.com") would list everyone
 * at example.com; an email is sent as a quoted phrase instead, which finds that address. Terms the
 * person quoted, or anything else, go as typed.
 */
export function toSearch(term: string | undefined): { search: string } | Record<string, never> {
  const trimmed = term?.trim()
  if (!trimmed) return {}
  if (/^[^\s@"]+@[^\s@"]+\.[^\s@"]+$/.test(trimmed)) return { search: `"${trimmed}"` }
  return { search: trimmed }
}

/**
 * The one translation from the browser's filters and sort to Appwrite queries; the list, the export,
 * the CLI and bulk-job selections all use it, so a filter means the same thing everywhere.
 * Paging (limit, cursor, offset) is left to the caller.
 */
export function toQueries(filters: UserFilters = {}, sort?: UserSort): string[] {
  const queries: string[] = []
  if (filters.status) queries.push(Query.equal('status', filters.status === 'active'))
  if (filters.emailVerified !== undefined)
    queries.push(Query.equal('emailVerification', filters.emailVerified))
  if (filters.phoneVerified !== undefined)
    queries.push(Query.equal('phoneVerification', filters.phoneVerified))
  if (filters.impersonator !== undefined) queries.push(Query.equal('impersonator', filters.impersonator))
  if (filters.label) queries.push(Query.contains('labels', [filters.label]))
  // Appwrite stores a missing email or phone as NULL, not "".
  if (filters.anonymous) queries.push(Query.isNull('email'), Query.isNull('phone'))
  if (filters.neverVerified)
    queries.push(Query.equal('emailVerification', false), Query.equal('phoneVerification', false))
  // noSessions has no Appwrite query: listPage and selectUsers read each candidate's sessions.
  queries.push(...range('registration', filters.registeredAfter, filters.registeredBefore))
  queries.push(...range('passwordUpdate', filters.passwordChangedAfter, filters.passwordChangedBefore))
  queries.push(...range('accessedAt', filters.accessedAfter, filters.accessedBefore))
  if (sort) {
    queries.push(sort.direction === 'asc' ? Query.orderAsc(sort.field) : Query.orderDesc(sort.field))
  }
  return queries
}
