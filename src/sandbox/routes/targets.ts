import { isoDate } from '../clock'
import { ApiError } from '../errors'
import { targetModel } from '../models'
import { executeQuery, parseQueries, queriesParam } from '../queries'
import type { QuerySchema } from '../queries'
import type { TargetRecord } from '../records'
import type { RequestContext, Router } from '../router'
import { created, noContent, ok } from '../router'
import { customId, isEmail, isPhone, optional, required, text, uid, whiteList } from '../validation'
import { loadUser, resolveId, wantsTotal } from './common'

const TARGET_QUERY_SCHEMA: QuerySchema = {
  attributes: {
    userId: 'string',
    providerId: 'string',
    identifier: 'string',
    providerType: 'string',
    $id: 'string',
    $createdAt: 'datetime',
    $updatedAt: 'datetime',
    $sequence: 'integer',
  },
}

/**
 * PHP's truthiness of a string param: Appwrite's update tests `if ($identifier)`, so "" and "0" both
 * mean "leave it as it is".
 */
const given = (value: string): boolean => value !== '' && value !== '0'

/** Appwrite checks the identifier by the target's provider type: push tokens are not checked. */
function checkIdentifier(type: TargetRecord['providerType'], identifier: string): void {
  if (type === 'email' && !isEmail(identifier)) throw new ApiError('general_invalid_email')
  if (type === 'sms' && !isPhone(identifier)) throw new ApiError('general_invalid_phone')
}

/** Both path ids are checked as params before anything is looked up, as Appwrite validates every param first. */
function targetPath(ctx: RequestContext): { userId: string; targetId: string } {
  return {
    userId: required(ctx.pathParams, 'userId', uid),
    targetId: required(ctx.pathParams, 'targetId', uid),
  }
}

function findTarget(ctx: RequestContext, path: { userId: string; targetId: string }): TargetRecord {
  const user = ctx.store.getUser(path.userId)
  if (!user) throw new ApiError('user_not_found')
  const target = ctx.store.targets.get(path.targetId)
  if (!target || target.userId !== user.$id) throw new ApiError('user_target_not_found')
  return target
}

const loadTarget = (ctx: RequestContext): TargetRecord => findTarget(ctx, targetPath(ctx))

export function registerTargetRoutes(router: Router): void {
  router.add('GET', '/users/:userId/targets', 'users.read', (ctx) => {
    const user = loadUser(ctx)
    const plan = parseQueries(queriesParam(ctx.params), TARGET_QUERY_SCHEMA)
    const countTotal = wantsTotal(ctx)
    const seq = new Map<string, number>()
    const own = ctx.store.targets.forUser(user.$id)
    own.forEach((t, i) => seq.set(t.$id, i))
    const result = executeQuery({
      records: own,
      plan,
      get: (t, attribute) =>
        attribute === '$sequence' ? seq.get(t.$id) : (t as unknown as Record<string, unknown>)[attribute],
      seqOf: (t) => seq.get(t.$id) ?? 0,
      findCursor: (id) => ctx.store.targets.get(id),
      cursorLabel: 'Target',
      countTotal,
    })
    return ok({ total: result.total, targets: result.items.map(targetModel) })
  })

  router.add('POST', '/users/:userId/targets', 'users.write', (ctx) => {
    // Appwrite's order: every param, then the identifier by type, then the user, then the id.
    const targetId = required(ctx.params, 'targetId', customId)
    required(ctx.pathParams, 'userId', uid)
    const providerType = required(ctx.params, 'providerType', whiteList(['email', 'sms', 'push'] as const))
    const identifier = required(ctx.params, 'identifier', text(255))
    optional(ctx.params, 'providerId', uid, '')
    const name = optional(ctx.params, 'name', text(128), '')
    checkIdentifier(providerType, identifier)
    const user = loadUser(ctx)
    const id = resolveId(targetId)
    // The identifier is a unique index: a duplicate insert is the same 409 as a taken id.
    if (ctx.store.targets.get(id) || ctx.store.targetIdByIdentifier(identifier)) {
      throw new ApiError('user_target_already_exists')
    }
    const now = isoDate()
    const target: TargetRecord = {
      $id: id,
      $createdAt: now,
      $updatedAt: now,
      name,
      userId: user.$id,
      // The sandbox has no messaging providers: Appwrite stores null for a provider it cannot find.
      providerId: null,
      providerType,
      identifier,
      expired: false,
    }
    ctx.store.putChild('target', target)
    return created(targetModel(target))
  })

  router.add('GET', '/users/:userId/targets/:targetId', 'users.read', (ctx) =>
    ok(targetModel(loadTarget(ctx))),
  )

  router.add('PATCH', '/users/:userId/targets/:targetId', 'users.write', (ctx) => {
    const path = targetPath(ctx)
    const identifier = optional(ctx.params, 'identifier', text(255), '')
    const providerId = optional(ctx.params, 'providerId', uid, '')
    const name = optional(ctx.params, 'name', text(128), '')
    const target = findTarget(ctx, path)
    const next: TargetRecord = { ...target }
    if (given(identifier)) {
      checkIdentifier(target.providerType, identifier)
      // Appwrite does not catch the unique index's Duplicate here: it ends as a bare 500.
      const owner = ctx.store.targetIdByIdentifier(identifier)
      if (owner && owner !== target.$id) throw new ApiError('general_unknown')
      next.identifier = identifier
      next.expired = false
    }
    if (given(providerId)) throw new ApiError('provider_not_found')
    if (given(name)) next.name = name
    next.$updatedAt = isoDate()
    ctx.store.putChild('target', next)
    return ok(targetModel(next))
  })

  router.add('DELETE', '/users/:userId/targets/:targetId', 'users.write', (ctx) => {
    const target = loadTarget(ctx)
    ctx.store.deleteChild('target', target.$id)
    return noContent()
  })
}
