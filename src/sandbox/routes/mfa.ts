import { randomHex } from '../clock'
import { ApiError } from '../errors'
import { mfaFactorsModel } from '../models'
import type { Router } from '../router'
import { noContent, ok } from '../router'
import { required, whiteList } from '../validation'
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

  // Appwrite creates recovery codes with PATCH and regenerates them with PUT. Its spec says the PATCH
  // answers 201, but the action never sets the status: the client gets 200.
  router.add('PATCH', '/users/:userId/mfa/recovery-codes', 'users.write', (ctx) => {
    const user = loadUser(ctx)
    if (user.recoveryCodes.length > 0) throw new ApiError('user_recovery_codes_already_exists')
    const next = saveUser(ctx.store, user, { recoveryCodes: newRecoveryCodes() })
    return ok({ recoveryCodes: next.recoveryCodes })
  })

  router.add('PUT', '/users/:userId/mfa/recovery-codes', 'users.write', (ctx) => {
    const user = loadUser(ctx)
    if (user.recoveryCodes.length === 0) throw new ApiError('user_recovery_codes_not_found')
    const next = saveUser(ctx.store, user, { recoveryCodes: newRecoveryCodes() })
    return ok({ recoveryCodes: next.recoveryCodes })
  })

  router.add('DELETE', '/users/:userId/mfa/authenticators/:type', 'users.write', (ctx) => {
    // Params are validated before the action looks the user up.
    required(ctx.pathParams, 'type', whiteList(['totp'] as const))
    const user = loadUser(ctx)
    if (!user.totp) throw new ApiError('user_authenticator_not_found')
    saveUser(ctx.store, user, { totp: false })
    return noContent()
  })
}
