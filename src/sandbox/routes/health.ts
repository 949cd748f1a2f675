import type { Router } from '../router'
import { ok } from '../router'

export function registerHealthRoutes(router: Router): void {
  router.add('GET', '/health', 'health.read', () => ok({ name: 'http', ping: 0, status: 'pass' }))
}
