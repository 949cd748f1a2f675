import type { Router } from '../router'
import { ok } from '../router'

export function registerHealthRoutes(router: Router): void {
  router.add('GET', '/health', 'health.read', () => ok({ name: 'http', ping: 0, status: 'pass' }))
  // Public (scope `public`, which guests have and keys do not need): clients read it before anything else.
  router.add('GET', '/health/version', 'public', (ctx) => ok({ version: ctx.server.version }))
}
