import { Router } from '../router'
import { registerAccountRoutes } from './account'
import { registerActivityRoutes } from './activity'
import { registerHashedUserRoutes } from './hashed-users'
import { registerHealthRoutes } from './health'
import { registerIdentityRoutes } from './identities'
import { registerMfaRoutes } from './mfa'
import { registerSessionRoutes } from './sessions'
import { registerTargetRoutes } from './targets'
import { registerTokenRoutes } from './tokens'
import { registerUserRoutes } from './users'

export function buildRouter(): Router {
  const router = new Router()
  registerUserRoutes(router)
  registerHashedUserRoutes(router)
  registerSessionRoutes(router)
  registerTargetRoutes(router)
  registerIdentityRoutes(router)
  registerMfaRoutes(router)
  registerTokenRoutes(router)
  registerActivityRoutes(router)
  registerAccountRoutes(router)
  registerHealthRoutes(router)
  router.requires('PATCH', '/users/:userId/impersonator', 'impersonator')
  return router
}
