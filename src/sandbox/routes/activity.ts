import { logModel, membershipModel } from '../models'
import { executeQuery, parseQueries, queriesParam } from '../queries'
import type { QuerySchema } from '../queries'
import type { LogRecord, MembershipRecord } from '../records'
import type { Router } from '../router'
import { ok } from '../router'
import { matchesFulltext, parseFulltext, indexText } from '../search'
import { optional, text } from '../validation'
import { loadUser, wantsTotal } from './common'

const LOG_QUERY_SCHEMA: QuerySchema = { attributes: {}, methods: new Set(['limit', 'offset']) }

const MEMBERSHIP_QUERY_SCHEMA: QuerySchema = {
  attributes: {
    userId: 'string',
    teamId: 'string',
    invited: 'datetime',
    joined: 'datetime',
    confirm: 'boolean',
    roles: 'stringArray',
    $id: 'string',
    $createdAt: 'datetime',
    $updatedAt: 'datetime',
    $sequence: 'integer',
  },
}

function positions<T extends { $id: string }>(records: T[]): Map<string, number> {
  const seq = new Map<string, number>()
  records.forEach((r, i) => seq.set(r.$id, i))
  return seq
}

export function registerActivityRoutes(router: Router): void {
  // Appwrite 1.9 CE dropped this endpoint; the sandbox keeps a simple audit list so the SDK call works.
  router.add('GET', '/users/:userId/logs', 'users.read', (ctx) => {
    const user = loadUser(ctx)
    const plan = parseQueries(queriesParam(ctx.params), LOG_QUERY_SCHEMA)
    const countTotal = wantsTotal(ctx)
    // Newest first, like the audit collection.
    const logs = ctx.store.logs.forUser(user.$id).reverse()
    const seq = positions(logs)
    const result = executeQuery<LogRecord>({
      records: logs,
      plan,
      get: () => null,
      seqOf: (l) => seq.get(l.$id) ?? 0,
      findCursor: () => undefined,
      cursorLabel: 'Log',
      countTotal,
    })
    return ok({ total: result.total, logs: result.items.map((l) => logModel(l, user)) })
  })

  router.add('GET', '/users/:userId/memberships', 'users.read', (ctx) => {
    const user = loadUser(ctx)
    const plan = parseQueries(queriesParam(ctx.params), MEMBERSHIP_QUERY_SCHEMA)
    const search = optional(ctx.params, 'search', text(256), '')
    const countTotal = wantsTotal(ctx)
    const memberships = ctx.store.memberships.forUser(user.$id)
    const seq = positions(memberships)
    const fulltext = search !== '' ? parseFulltext(search) : null
    const result = executeQuery<MembershipRecord>({
      records: memberships,
      plan,
      get: (m, attribute) =>
        attribute === '$sequence'
          ? seq.get(m.$id)
          : ((m as unknown as Record<string, unknown>)[attribute] ?? null),
      seqOf: (m) => seq.get(m.$id) ?? 0,
      findCursor: (id) => ctx.store.memberships.get(id),
      cursorLabel: 'Membership',
      extraFilter: fulltext
        ? (m) => matchesFulltext(indexText(m.$id, m.teamId, m.teamName), fulltext)
        : undefined,
      countTotal,
    })
    // Appwrite counts the rows it returned here, not all matches.
    return ok({
      total: countTotal ? result.items.length : 0,
      memberships: result.items.map((m) => membershipModel(m, user)),
    })
  })
}
