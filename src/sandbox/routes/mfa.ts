import { randomHex } from '../clock'
import { ApiError } from '../errors'
import { challengeModel, mfaFactorsModel } from '../models'
import type { Router } from '../router'
import { created, noContent, ok } from '../router'
import { required, text, whiteList } from '../validation'
import { loadUser, saveUser } from './common'

function newRecoveryCodes(): string[] {
  return Array.from({ length: 6 }, () => randomHex(10))
}

export function registerMfaRoutes(router: Router): void {
  router.add('GET', '/users/:userId/mfa/factors', 'users.read', (ctx) => ok(mfaFactorsModel(loadUser(ctx))))

  router.add('GET', '/users/:userId/mfa/recovery-codes', 'users.read', (ctx) => {
    const user = loadUser(ctx)
    if (user.recoveryCodes.length === 0) throw new ApiError('user_recovery_codes_not_found')
    return ok({ recoveryCodes: user.recoveryCodes })
  })

  // Appwrite creates recovery codes with PATCH (and answers 201) and regenerates them with PUT.
  router.add('PATCH', '/users/:userId/mfa/recovery-codes', 'users.write', (ctx) => {
    const user = loadUser(ctx)
    if (user.recoveryCodes.length > 0) throw new ApiError('user_recovery_codes_already_exists')
    const next = saveUser(ctx.store, user, { recoveryCodes: newRecoveryCodes() })
    return created({ recoveryCodes: next.recoveryCodes })
  })

  router.add('PUT', '/users/:userId/mfa/recovery-codes', 'users.write', (ctx) => {
    const user = loadUser(ctx)
    if (user.recoveryCodes.length === 0) throw new ApiError('user_recovery_codes_not_found')
    const next = saveUser(ctx.store, user, { recoveryCodes: newRecoveryCodes() })
    return ok({ recoveryCodes: next.recoveryCodes })
  })

  router.add('DELETE', '/users/:userId/mfa/authenticators/:type', 'users.write', (ctx) => {
    const user = loadUser(ctx)
    required(ctx.pathParams, 'type', whiteList(['totp'] as const))
    if (!user.totp) throw new ApiError('user_authenticator_not_found')
    saveUser(ctx.store, user, { totp: false })
    return noContent()
  })

  router.add('GET', '/users/:userId/mfa/challenges/:challengeId', 'users.read', (ctx) => {
    const user = loadUser(ctx)
    const challengeId = required(ctx.pathParams, 'challengeId', text(256))
    const challenge = ctx.store.challenges.get(challengeId)
    const live =
      challenge &&
      challenge.userId === user.$id &&
      challenge.type === 'custom' &&
      Date.parse(challenge.expire) > Date.now()
    if (!live) throw new ApiError('user_invalid_token')
    return ok(challengeModel(challenge))
  })
}
