import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApiError } from './errors'
import type { FaultOptions, HoldOptions } from './faults'
import {
  HTML_ERROR_PAGE,
  Hold,
  RateLimiter,
  decideBefore,
  decideMangle,
  failureBody,
  holdFromEnv,
  sendMangled,
} from './faults'
import { Persistence } from './persistence'
import { buildRouter } from './routes'
import type { ProjectSettings, Reply, RequestContext } from './router'
import { seedStore } from './seed'
import { Store } from './store'
import { LATEST, errorVersion, hiddenFields, shapeBody } from './versions'
import { parseRelease, supports } from '../shared/appwrite-versions'
import { isLoopbackHost } from '../shared/endpoints'
import type { AppwriteServer } from '../shared/appwrite-versions'

export type { FaultOptions, HoldOptions, Hold } from './faults'

export interface SandboxOptions {
  /** 0 = a free port (default). */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  projectId: string
  apiKey: string
  /** Scopes of the API key; default DEFAULT_SCOPES. */
  scopes?: string[]
  /** Create this many realistic users deterministically, only when the store starts empty. */
  seed?: number
  /** Persist every acknowledged write here; a restart with the same dir serves the saved state. */
  dataDir?: string
  faults?: FaultOptions
  quiet?: boolean
  /**
   * The Appwrite release to answer as (X.Y.Z): its refusals and answers follow the capability table
   * (shared/appwrite-versions.ts). Default: the newest behaviour, Cloud's, answered as `latest`.
   */
  appwriteVersion?: string
}

export interface RunningSandbox {
  /** e.g. 'http://127.0.0.1:PORT/v1' */
  url: string
  port: number
  projectId: string
  /** What /health/version answers: the release chosen, or `latest`. */
  appwriteVersion: string
  /** Replaces the fault injection settings. */
  setFaults(f: FaultOptions): void
  /** Holds requests open from now until the returned hold is released (replacing, and releasing, any earlier hold). */
  hold(options?: HoldOptions): Hold
  /**
   * The server goes away as a crashed or unplugged one does, keeping its state: held and open
   * requests end without an answer, new connections are refused. `start` brings it back.
   */
  stop(): Promise<void>
  /** Listens again on the same port, with the state it had when stopped. */
  start(): Promise<void>
  /** Stops the server and flushes persistence. */
  close(): Promise<void>
  /** Connections open to the server now, busy or kept alive: what a client has not closed. */
  openConnections(): Promise<number>
  /** The live state, for assertions and in-process tooling. */
  store: Store
}

/** The CLI's key when none is given: acceptable for a loopback demo server, never for anything else. */
export const DEFAULT_SANDBOX_KEY = 'sandbox-key'

/** Every scope a key can carry that the sandbox's routes look at. */
export const DEFAULT_SCOPES: readonly string[] = [
  'users.read',
  'users.write',
  'sessions.read',
  'sessions.write',
  'health.read',
]

const JSON_TYPE = 'application/json; charset=UTF-8'
/**
 * Appwrite's PHP app sets no Content-Type on an empty answer; its Swoole server then sends its default,
 * so a 204 still has one (the official Python SDK reads it on every response).
 */
const EMPTY_TYPE = 'text/html'
const CONSOLE_PROJECT = 'console'
/** roles.php: what the applications role (any project key) has besides the key's own scopes. */
const KEY_ROLE_SCOPES = ['global', 'health.read', 'graphql']
/** roles.php: the guests role's scopes, of those the sandbox's routes ask for. */
const GUEST_SCOPES: ReadonlySet<string> = new Set([
  'global',
  'public',
  'home',
  'console',
  'graphql',
  'sessions.write',
])

/**
 * Key::decode reads the type before the first `_` (no `_`: a standard key). An unknown secret of a
 * type looked up in the project (standard, account, organization) is refused outright; any other
 * type falls back to a guest.
 */
function rejectsUnknownKey(key: string): boolean {
  const type = key.includes('_') ? key.slice(0, key.indexOf('_')) : 'standard'
  return type === 'standard' || type === 'account' || type === 'organization'
}
const MAX_BODY_BYTES = 20 * 1024 * 1024
const router = buildRouter()

function parseQueryString(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  const lists = new Map<string, { index: number; value: string }[]>()
  let order = 0
  for (const [key, value] of search) {
    const m = /^([^[\]]+)\[([^\]]*)\]$/.exec(key)
    if (m) {
      const name = m[1] as string
      const index = m[2] === '' || m[2] === undefined ? 1e9 + order++ : Number(m[2])
      const list = lists.get(name) ?? []
      list.push({ index: Number.isNaN(index) ? 1e9 + order++ : index, value })
      lists.set(name, list)
    } else {
      params[key] = value
    }
  }
  for (const [name, list] of lists) params[name] = list.sort((a, b) => a.index - b.index).map((e) => e.value)
  return params
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError('general_argument_invalid', 'Request body too large', 413))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function parseBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  if (raw.length === 0) return {}
  const type = req.headers['content-type'] ?? ''
  const text = raw.toString('utf8')
  if (type.includes('application/x-www-form-urlencoded')) return parseQueryString(new URLSearchParams(text))
  try {
    const parsed: unknown = JSON.parse(text)
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {}
  } catch {
    return {}
  }
}

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name]
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '')
}

/** The names of this machine. A Host with any other name came through DNS rebinding. */
function isLoopbackName(hostHeader: string): boolean {
  let name: string
  try {
    name = new URL(`http://${hostHeader}`).hostname
  } catch {
    return false
  }
  return isLoopbackHost(name)
}

/**
 * Why a request is refused before anything else runs, or null. On loopback any web page the person
 * visits can reach this server: a browser marks its requests with `Origin` (SDKs and tools send none),
 * and DNS rebinding shows as a foreign name in `Host`. Bound elsewhere on purpose, only the first applies.
 */
function browserRefusal(req: IncomingMessage, loopback: boolean): string | null {
  if (req.headers.origin !== undefined)
    return 'This server does not answer web pages (the request has an Origin header).'
  if (loopback && !isLoopbackName(header(req, 'host')))
    return 'This server answers only to localhost, 127.0.0.1 or [::1] in the Host header.'
  return null
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1'
  const loopback = isLoopbackName(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)
  const version = opts.appwriteVersion ?? LATEST
  if (version !== LATEST && !parseRelease(version)) {
    throw new Error(`appwriteVersion must be a release like 1.9.5, not "${version}"`)
  }
  const appwrite: AppwriteServer = { version, cloud: false }
  const bodyVersion = errorVersion(appwrite)
  // Appwrite gives every project key the applications role's scopes on top of its own (roles.php).
  const keyScopes = new Set([...(opts.scopes ?? DEFAULT_SCOPES), ...KEY_ROLE_SCOPES])
  const store = new Store()
  const persistence = opts.dataDir ? await Persistence.open(opts.dataDir, store) : null
  if (opts.seed && opts.seed > 0 && store.users.size === 0) {
    seedStore(store, opts.seed)
    await persistence?.snapshot()
  }
  persistence?.attach()

  const project: ProjectSettings = {
    projectId: opts.projectId,
    jwtSecret: randomBytes(32).toString('hex'),
    sessionSeconds: 31536000,
  }
  let faults: FaultOptions = { ...(opts.faults ?? {}) }
  const limiter = new RateLimiter()
  let hold: Hold | null = holdFromEnv()

  /**
   * Appwrite's auth for a route (app/controllers/shared/api.php, Auth/Key.php): who is calling, then
   * whether that role's scopes meet the route's. Returns whether the caller holds the project's key.
   */
  function authorize(req: IncomingMessage, routeScopes: readonly string[]): boolean {
    const projectHeader = header(req, 'x-appwrite-project')
    // An absent project header means Appwrite's own console project, which every server has.
    const console = projectHeader === '' || projectHeader === CONSOLE_PROJECT
    if (!console && projectHeader !== opts.projectId) throw new ApiError('project_not_found')
    const key = header(req, 'x-appwrite-key')
    const isKey = key !== '' && !console && key === opts.apiKey
    if (key !== '' && !isKey && rejectsUnknownKey(key)) throw new ApiError('user_unauthorized')
    const granted = isKey ? keyScopes : GUEST_SCOPES
    if (!routeScopes.some((s) => granted.has(s))) {
      const hostname = (header(req, 'host') || host).replace(/:\d+$/, '')
      const actor = isKey
        ? `app.${opts.projectId}@service.${hostname} (role: applications)`
        : 'User (role: guests)'
      throw new ApiError(
        'general_unauthorized_scope',
        `${actor} missing scopes (${JSON.stringify(routeScopes)})`,
      )
    }
    return isKey
  }

  async function dispatch(req: IncomingMessage, rawBody: Buffer): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const method = (req.method ?? 'GET').toUpperCase()
    if (!url.pathname.startsWith('/v1/')) throw new ApiError('general_route_not_found')
    const path = url.pathname.slice(3)
    const match = router.match(method, path)
    if (!match || (match.route.capability && !supports(appwrite, match.route.capability))) {
      throw new ApiError('general_route_not_found')
    }
    const isKey = authorize(req, match.route.scopes)
    const query = parseQueryString(url.searchParams)
    const body = method === 'GET' ? {} : parseBody(req, rawBody)
    const ctx: RequestContext = {
      method,
      path,
      params: { ...query, ...body },
      pathParams: match.pathParams,
      headers: req.headers,
      ip: (header(req, 'x-forwarded-for').split(',')[0] ?? '').trim() || (req.socket.remoteAddress ?? ''),
      userAgent: header(req, 'x-forwarded-user-agent') || header(req, 'user-agent'),
      isKey,
      store,
      project,
      server: appwrite,
    }
    const reply = await match.route.handler(ctx)
    const hidden = hiddenFields(appwrite, header(req, 'x-appwrite-response-format') || null)
    return reply.body === undefined ? reply : { ...reply, body: shapeBody(reply.body, hidden) }
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string | null,
    extra: Record<string, string> = {},
  ) {
    if (body === null) {
      res.writeHead(status, { 'content-type': EMPTY_TYPE, ...extra })
      res.end()
      return
    }
    res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(body), ...extra })
    res.end(body)
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = browserRefusal(req, loopback)
    if (refusal) {
      req.resume()
      const body = { message: refusal, code: 403, type: 'general_access_forbidden', version: bodyVersion }
      send(res, 403, JSON.stringify(body))
      return
    }
    const current = faults
    if (current.latencyMs && current.latencyMs > 0) await sleep(current.latencyMs)
    if (current.rateLimitPerSec && current.rateLimitPerSec > 0) {
      const wait = limiter.take(current.rateLimitPerSec)
      if (wait > 0) {
        req.resume()
        // Appwrite's own 429 (shared/api.php) names the window's end, never Retry-After.
        send(res, 429, JSON.stringify(new ApiError('general_rate_limit_exceeded').toBody(bodyVersion)), {
          'x-ratelimit-limit': String(current.rateLimitPerSec),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + wait),
        })
        return
      }
    }
    const pre = decideBefore(current)
    if (pre.drop === 'before') {
      req.socket.destroy()
      return
    }
    if (pre.fail) {
      req.resume()
      send(res, pre.fail, failureBody(pre.fail))
      return
    }
    if (pre.html) {
      req.resume()
      res.writeHead(502, {
        'content-type': 'text/html',
        'content-length': Buffer.byteLength(HTML_ERROR_PAGE),
      })
      res.end(HTML_ERROR_PAGE)
      return
    }

    // After the faults that answer without processing: a held request is one the server would process.
    const held = hold?.enter(req.method ?? 'GET', new URL(req.url ?? '/', 'http://sandbox').pathname)
    if (held && !(await held)) {
      req.socket.destroy()
      return
    }
    let reply: Reply
    try {
      const raw = await readBody(req)
      reply = await dispatch(req, raw)
    } catch (error) {
      const apiError =
        error instanceof ApiError ? error : new ApiError('general_unknown', 'Server Error', 500)
      if (!(error instanceof ApiError) && !opts.quiet) console.error(error)
      reply = { status: apiError.code, body: apiError.toBody(bodyVersion) }
    }
    // Acknowledge only what is durable.
    if (persistence) await persistence.flush()
    if (pre.drop === 'after') {
      req.socket.destroy()
      return
    }
    const json = reply.body === undefined ? null : JSON.stringify(reply.body)
    const mangle = json === null ? null : decideMangle(current)
    if (json !== null && mangle) {
      sendMangled(res, reply.status, json, mangle)
      return
    }
    send(res, reply.status, json)
  }

  // Long query strings (many queries) are normal for list calls; node's default 16 KB is too tight.
  const server = createServer({ maxHeaderSize: 256 * 1024 }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!opts.quiet) console.error(error)
      if (!res.headersSent) send(res, 500, failureBody(500))
      else res.destroy()
    })
  })
  server.keepAliveTimeout = 65_000

  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(at, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  const unlisten = () =>
    new Promise<void>((resolve) => {
      hold?.drop()
      server.close(() => resolve())
      server.closeAllConnections()
    })
  await listen(opts.port ?? 0)
  const port = (server.address() as AddressInfo).port
  let closing: Promise<void> | null = null

  return {
    url: `http://${host}:${port}/v1`,
    port,
    projectId: opts.projectId,
    appwriteVersion: version,
    store,
    setFaults(f: FaultOptions) {
      faults = { ...f }
    },
    hold(options?: HoldOptions) {
      hold?.release()
      hold = new Hold(options)
      return hold
    },
    stop: unlisten,
    openConnections: () =>
      new Promise<number>((resolve, reject) =>
        server.getConnections((err, count) => (err ? reject(err) : resolve(count))),
      ),
    async start() {
      if (closing) throw new Error('The sandbox is closed; start a new one.')
      if (!server.listening) await listen(port)
    },
    close() {
      closing ??= (async () => {
        await unlisten()
        await persistence?.close()
      })()
      return closing
    },
  }
}
