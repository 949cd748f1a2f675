import { ApiError } from '../errors'
import { identityModel } from '../models'
import { executeQuery, parseQueries, queriesParam } from '../queries'
import type { QuerySchema } from '../queries'
import type { IdentityRecord } from '../records'
import type { Router } from '../router'
import { noContent, ok } from '../router'
import { optional, required, text, uid } from '../validation'
import { wantsTotal } from './common'

const IDENTITY_QUERY_SCHEMA: QuerySchema = {
  attributes: {
    userId: 'string',
    provider: 'string',
    providerUid: 'string',
    providerEmail: 'string',
    providerAccessTokenExpiry: 'datetime',
    $id: 'string',
    $createdAt: 'datetime',
    $updatedAt: 'datetime',
    $sequence: 'integer',
  },
}

export function registerIdentityRoutes(router: Router): void {
  router.add('GET', '/users/identities', 'users.read', (ctx) => {
    const plan = parseQueries(queriesParam(ctx.params), IDENTITY_QUERY_SCHEMA)
    const search = optional(ctx.params, 'search', text(256), '')
    const countTotal = wantsTotal(ctx)
    // The identities collection has no full-text index, so the database rejects the search.
    if (search !== '') {
      throw new ApiError(
        'general_query_invalid',
        'Searching by attribute "search" requires a fulltext index.',
      )
    }
    const all = [...ctx.store.identities.byId.values()]
    const seq = new Map<string, number>()
    all.forEach((identity, i) => seq.set(identity.$id, i))
    const result = executeQuery<IdentityRecord>({
      records: all,
      plan,
      get: (i, attribute) =>
        attribute === '$sequence'
          ? seq.get(i.$id)
          : ((i as unknown as Record<string, unknown>)[attribute] ?? null),
      seqOf: (i) => seq.get(i.$id) ?? 0,
      findCursor: (id) => ctx.store.identities.get(id),
      cursorLabel: 'Identity',
      countTotal,
    })
    return ok({ total: result.total, identities: result.items.map(identityModel) })
  })

  router.add('DELETE', '/users/identities/:identityId', 'users.write', (ctx) => {
    const identityId = required(ctx.pathParams, 'identityId', uid)
    if (!ctx.store.deleteChild('identity', identityId)) throw new ApiError('user_identity_not_found')
    return noContent()
  })
}
