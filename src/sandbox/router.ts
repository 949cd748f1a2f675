import type { IncomingHttpHeaders } from 'node:http'
import type { AppwriteServer, Capability } from '../shared/appwrite-versions'
import type { Store } from './store'
import type { Params } from './validation'

/** Per-project settings that handlers need besides the store. */
export interface ProjectSettings {
  projectId: string
  /** Signs JWTs created by /users/{userId}/jwts. */
  jwtSecret: string
  /** Session length (Appwrite's default auth duration: one year). */
  sessionSeconds: number
}

export interface RequestContext {
  method: string
  path: string
  /** Query-string and body params merged, as utopia-php does. */
  params: Params
  pathParams: Readonly<Record<string, string>>
  headers: IncomingHttpHeaders
  ip: string
  userAgent: string
  /** The request carried the project's API key. */
  isKey: boolean
  store: Store
  project: ProjectSettings
  /** The Appwrite release the sandbox answers as. */
  server: AppwriteServer
}

export interface Reply {
  status: number
  /** Undefined for 204. */
  body?: unknown
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>

export interface Route {
  method: string
  path: string
  /** Any one of these scopes admits the request (the route's `scope` label in Appwrite). */
  scopes: readonly string[]
  handler: Handler
  /** The route exists only on servers with this capability (others answer 404). */
  capability?: Capability
}

interface CompiledRoute extends Route {
  segments: string[]
  staticCount: number
}

/** Matches `/users/:userId/...` patterns; static segments beat params (`/users/identities`). */
export class Router {
  private readonly routes: CompiledRoute[] = []

  add(method: string, path: string, scope: string | readonly string[], handler: Handler): this {
    const segments = path.split('/').filter(Boolean)
    this.routes.push({
      method,
      path,
      scopes: typeof scope === 'string' ? [scope] : scope,
      handler,
      segments,
      staticCount: segments.filter((s) => !s.startsWith(':')).length,
    })
    return this
  }

  /** Marks a route as present only where the server has `capability`. */
  requires(method: string, path: string, capability: Capability): this {
    for (const route of this.routes)
      if (route.method === method && route.path === path) route.capability = capability
    return this
  }

  match(method: string, path: string): { route: Route; pathParams: Record<string, string> } | null {
    const parts = path.split('/').filter(Boolean)
    let best: { route: CompiledRoute; pathParams: Record<string, string> } | null = null
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== parts.length) continue
      if (best && best.route.staticCount >= route.staticCount) continue
      const pathParams: Record<string, string> = {}
      let ok = true
      for (let i = 0; i < parts.length; i++) {
        const segment = route.segments[i] as string
        const part = parts[i] as string
        if (segment.startsWith(':')) {
          try {
            pathParams[segment.slice(1)] = decodeURIComponent(part)
          } catch {
            pathParams[segment.slice(1)] = part
          }
        } else if (segment !== part) {
          ok = false
          break
        }
      }
      if (ok) best = { route, pathParams }
    }
    return best
  }
}

export const ok = (body: unknown): Reply => ({ status: 200, body })
export const created = (body: unknown): Reply => ({ status: 201, body })
export const noContent = (): Reply => ({ status: 204 })
