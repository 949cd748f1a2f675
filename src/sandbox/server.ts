import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ApiError, SERVER_VERSION } from './errors'
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
}

export interface RunningSandbox {
  /** e.g. 'http://127.0.0.1:PORT/v1' */
  url: string
  port: number
  projectId: string
  /** Replaces the fault injection settings. */
  setFaults(f: FaultOptions): void
  /** Holds requests open from now until the returned hold is released (replacing, and releasing, any earlier hold). */
  hold(options?: HoldOptions): Hold
  /** Stops the server and flushes persistence. */
  close(): Promise<void>
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
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)
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
  const scopes = new Set(opts.scopes ?? DEFAULT_SCOPES)
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

  function authorize(req: IncomingMessage, scope: readonly string[] | null): boolean {
    const projectHeader = header(req, 'x-appwrite-project')
    const isKey = header(req, 'x-appwrite-key') === opts.apiKey && opts.apiKey !== ''
    if (projectHeader !== '' && projectHeader !== opts.projectId) throw new ApiError('project_not_found')
    if (scope === null) return isKey
    const allowed = JSON.stringify(scope)
    if (!isKey || projectHeader === '') {
      throw new ApiError('general_unauthorized_scope', `User (role: guests) missing scopes (${allowed})`)
    }
    if (!scope.some((s) => scopes.has(s))) {
      const hostname = (header(req, 'host') || host).replace(/:\d+$/, '')
      throw new ApiError(
        'general_unauthorized_scope',
        `app.${opts.projectId}@service.${hostname} (role: applications) missing scopes (${allowed})`,
      )
    }
    return true
  }

  async function dispatch(req: IncomingMessage, rawBody: Buffer): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const method = (req.method ?? 'GET').toUpperCase()
    if (!url.pathname.startsWith('/v1/')) throw new ApiError('general_route_not_found')
    const path = url.pathname.slice(3)
    const match = router.match(method, path)
    if (!match) throw new ApiError('general_route_not_found')
    const isKey = authorize(req, match.route.scope)
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
    }
    return match.route.handler(ctx)
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string | null,
    extra: Record<string, string> = {},
  ) {
    if (body === null) {
      res.writeHead(status, extra)
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
      const body = { message: refusal, code: 403, type: 'general_access_forbidden', version: SERVER_VERSION }
      send(res, 403, JSON.stringify(body))
      return
    }
    const current = faults
    if (current.latencyMs && current.latencyMs > 0) await sleep(current.latencyMs)
    if (current.rateLimitPerSec && current.rateLimitPerSec > 0) {
      const wait = limiter.take(current.rateLimitPerSec)
      if (wait > 0) {
        req.resume()
        send(res, 429, JSON.stringify(new ApiError('general_rate_limit_exceeded').toBody()), {
          'retry-after': String(wait),
          'x-ratelimit-limit': String(current.rateLimitPerSec),
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + wait),
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
      reply = { status: apiError.code, body: apiError.toBody() }
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

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const port = (server.address() as AddressInfo).port
  let closing: Promise<void> | null = null

  return {
    url: `http://${host}:${port}/v1`,
    port,
    projectId: opts.projectId,
    store,
    setFaults(f: FaultOptions) {
      faults = { ...f }
    },
    hold(options?: HoldOptions) {
      hold?.release()
      hold = new Hold(options)
      return hold
    },
    close() {
      closing ??= (async () => {
        hold?.drop()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await persistence?.close()
      })()
      return closing
    },
  }
}
