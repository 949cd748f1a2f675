import type { ServerResponse } from 'node:http'
import { SERVER_VERSION } from './errors'

export interface FaultOptions {
  /** Added to every response. */
  latencyMs?: number
  /** 0..1 fraction of requests answered with a real 5xx (500/502/503) Appwrite JSON error, unprocessed. */
  failRate?: number
  /** Above this many requests per second: 429 general_rate_limit_exceeded with X-RateLimit-Reset (epoch s). */
  rateLimitPerSec?: number
  /**
   * 0..1 fraction of requests whose socket is destroyed without a response; half of them before
   * processing, half after (the write happened: an "unknown outcome" for the client).
   */
  dropRate?: number
  /** 0..1: an HTML error page (502, text/html) instead of JSON, unprocessed. */
  htmlRate?: number
  /** 0..1: processed, then a JSON body cut in half (consistent Content-Length). */
  truncateRate?: number
  /** 0..1: processed, then the JSON body sent as text/plain. */
  wrongContentTypeRate?: number
  /** 0..1: processed, then the JSON body padded to about 20 MB. */
  hugeRate?: number
  /** 0..1: processed, then the body trickled out over about three seconds. */
  dripRate?: number
}

export const HUGE_BYTES = 20 * 1024 * 1024
const DRIP_MS = 3000

export type Mangle = 'truncate' | 'wrongContentType' | 'huge' | 'drip' | null

const hit = (rate: number | undefined) => rate !== undefined && rate > 0 && Math.random() < rate

/** Fixed one-second windows, like Appwrite's abuse TimeLimit. */
export class RateLimiter {
  private windowStart = 0
  private count = 0

  /** Seconds to wait, or 0 when the request is admitted. */
  take(limit: number, now = Date.now()): number {
    const window = Math.floor(now / 1000) * 1000
    if (window !== this.windowStart) {
      this.windowStart = window
      this.count = 0
    }
    this.count++
    return this.count > limit ? Math.max(1, Math.ceil((window + 1000 - now) / 1000)) : 0
  }
}

export interface PreDecision {
  drop: 'before' | 'after' | null
  fail: 500 | 502 | 503 | null
  html: boolean
}

export function decideBefore(faults: FaultOptions): PreDecision {
  let drop: PreDecision['drop'] = null
  if (hit(faults.dropRate)) drop = Math.random() < 0.5 ? 'before' : 'after'
  const fail = hit(faults.failRate)
    ? (([500, 502, 503] as const)[Math.floor(Math.random() * 3)] ?? 500)
    : null
  return { drop, fail, html: hit(faults.htmlRate) }
}

export function decideMangle(faults: FaultOptions): Mangle {
  if (hit(faults.truncateRate)) return 'truncate'
  if (hit(faults.wrongContentTypeRate)) return 'wrongContentType'
  if (hit(faults.hugeRate)) return 'huge'
  if (hit(faults.dripRate)) return 'drip'
  return null
}

const FAILURES = {
  500: ['general_unknown', 'Server Error'],
  502: ['general_server_error', 'An internal server error occurred.'],
  503: ['general_server_error', 'An internal server error occurred.'],
} as const

export function failureBody(status: 500 | 502 | 503): string {
  const [type, message] = FAILURES[status]
  return JSON.stringify({ message, code: status, type, version: SERVER_VERSION })
}

export const HTML_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n'

export function sendMangled(
  res: ServerResponse,
  status: number,
  json: string,
  mangle: Exclude<Mangle, null>,
): void {
  const jsonType = 'application/json; charset=UTF-8'
  switch (mangle) {
    case 'truncate': {
      const body = Buffer.from(json).subarray(0, Math.max(1, Math.floor(Buffer.byteLength(json) / 2)))
      res.writeHead(status, { 'content-type': jsonType, 'content-length': body.length })
      res.end(body)
      return
    }
    case 'wrongContentType': {
      res.writeHead(status, {
        'content-type': 'text/plain; charset=UTF-8',
        'content-length': Buffer.byteLength(json),
      })
      res.end(json)
      return
    }
    case 'huge': {
      // Still valid JSON: the real body with one enormous extra member.
      const head = json.endsWith('}')
        ? `${json.slice(0, -1)}${json.length > 2 ? ',' : ''}"padding":"`
        : '{"padding":"'
      const body = Buffer.concat([Buffer.from(head), Buffer.alloc(HUGE_BYTES, 'x'), Buffer.from('"}')])
      res.writeHead(status, { 'content-type': jsonType, 'content-length': body.length })
      res.end(body)
      return
    }
    case 'drip': {
      const body = Buffer.from(json)
      res.writeHead(status, { 'content-type': jsonType, 'content-length': body.length })
      const pieces = Math.min(10, body.length)
      const size = Math.ceil(body.length / pieces)
      let offset = 0
      const step = () => {
        if (res.destroyed) return
        res.write(body.subarray(offset, offset + size))
        offset += size
        if (offset >= body.length) res.end()
        else setTimeout(step, DRIP_MS / pieces)
      }
      step()
      return
    }
  }
}

export interface HoldOptions {
  /** This many matching requests pass first (counted from when the hold is set); later ones wait. */
  after?: number
  /** Which requests the hold applies to (default every one). */
  match?: (request: { method: string; path: string }) => boolean
}

/**
 * Requests kept open until released, so a test stops a job part-way for as long as it needs (to
 * pause it, cancel it, kill its process) instead of hoping the job is slow enough to still be
 * running when it acts. Held requests have not been processed: no write has happened yet.
 */
export class Hold {
  private passed = 0
  private open = false
  private readonly held: ((go: boolean) => void)[] = []
  private readonly watchers: { count: number; resolve: () => void }[] = []

  constructor(private readonly options: HoldOptions = {}) {}

  /** `null`: go ahead. Otherwise it resolves `true` when released, `false` when the server closes. */
  enter(method: string, path: string): Promise<boolean> | null {
    if (this.open || (this.options.match && !this.options.match({ method, path }))) return null
    if (this.passed < (this.options.after ?? 0)) {
      this.passed++
      return null
    }
    const wait = new Promise<boolean>((resolve) => this.held.push(resolve))
    for (const w of this.watchers.filter((w) => this.held.length >= w.count)) {
      this.watchers.splice(this.watchers.indexOf(w), 1)
      w.resolve()
    }
    return wait
  }

  /** How many requests are waiting now. */
  get waiting(): number {
    return this.held.length
  }

  /** Resolves once `count` requests are waiting: the job is stopped at the hold. */
  reached(count = 1): Promise<void> {
    if (this.held.length >= count) return Promise.resolve()
    return new Promise((resolve) => this.watchers.push({ count, resolve }))
  }

  /** Lets every waiting request and every later one through. */
  release(): void {
    this.open = true
    for (const go of this.held.splice(0)) go(true)
  }

  /** The server is closing: waiting requests end without an answer. */
  drop(): void {
    this.open = true
    for (const go of this.held.splice(0)) go(false)
  }
}

/**
 * `USERDECK_SANDBOX_HOLD_AFTER=N` holds, in every sandbox the process starts, the writes (any method
 * but GET) after its first N, for good. Tests set it for a Userdeck child process (whose demo project
 * is a sandbox inside it) so a job there is still running whenever they act, e.g. to kill the process.
 */
export function holdFromEnv(env: NodeJS.ProcessEnv = process.env): Hold | null {
  const raw = env.USERDECK_SANDBOX_HOLD_AFTER
  if (raw === undefined || raw === '') return null
  const after = Number(raw)
  if (!Number.isInteger(after) || after < 0)
    throw new Error(`USERDECK_SANDBOX_HOLD_AFTER must be a whole number of requests, not "${raw}".`)
  return new Hold({ after, match: ({ method }) => method !== 'GET' })
}
