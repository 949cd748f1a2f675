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

/** The sandbox has no messaging providers, so any providerId given is unknown. */
function checkProvider(providerId: string): void {
  if (providerId !== '') throw new ApiError('provider_not_found')
}

function checkIdentifier(type: TargetRecord['providerType'], identifier: string): void {
  if (type === 'email' && !isEmail(identifier)) throw new ApiError('general_invalid_email')
  if (type === 'sms' && !isPhone(identifier)) throw new ApiError('general_invalid_phone')
}

function loadTarget(ctx: RequestContext): TargetRecord {
  const user = loadUser(ctx)
  const targetId = required(ctx.pathParams, 'targetId', uid)
  const target = ctx.store.targets.get(targetId)
  if (!target || target.userId !== user.$id) throw new ApiError('user_target_not_found')
  return target
}

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
    const user = loadUser(ctx)
    const targetId = required(ctx.params, 'targetId', customId)
    const providerType = required(ctx.params, 'providerType', whiteList(['email', 'sms', 'push'] as const))
    const identifier = required(ctx.params, 'identifier', text(255))
    const providerId = optional(ctx.params, 'providerId', uid, '')
    const name = optional(ctx.params, 'name', text(128), '')
    checkIdentifier(providerType, identifier)
    checkProvider(providerId)
    const id = resolveId(targetId)
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
    const target = loadTarget(ctx)
    const identifier = optional(ctx.params, 'identifier', text(255), '')
    const providerId = optional(ctx.params, 'providerId', uid, '')
    const name = optional(ctx.params, 'name', text(128), '')
    const next: TargetRecord = { ...target }
    if (identifier !== '') {
      checkIdentifier(target.providerType, identifier)
      const owner = ctx.store.targetIdByIdentifier(identifier)
      if (owner && owner !== target.$id) throw new ApiError('user_target_already_exists')
      next.identifier = identifier
      next.expired = false
    }
    checkProvider(providerId)
    if (name !== '') next.name = name
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
