import { AppwriteException, Client, Users, type Payload } from 'node-appwrite'
import { Agent, type Dispatcher } from 'undici'
import { AppErrorException, appError } from '@shared/errors'
import { isCloudEndpoint, type AppwriteServer } from '@shared/appwrite-versions'
import { Deadlines } from './deadlines'

/** How long one Appwrite call may take, start to last byte, before it fails with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 30_000

/**
 * The most one answer may weigh. The largest page Userdeck asks for, 500 users each with the full
 * 64 kB of prefs, is about 33 MB; a server that streams without end, or pads its answer, is cut off
 * here instead of filling memory.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024

/**
 * Appwrite's error types are snake-case words (`user_already_exists`). The server writes that field
 * and the window shows it, so anything else (a key echoed back, markup, a novel) is not a type.
 */
export function appwriteTypeOf(type: unknown): string {
  return typeof type === 'string' && type.length <= 100 && /^[a-z_]+$/.test(type) ? type : ''
}

/** `{"version": "…"}` is a few dozen bytes; anything much larger is not that answer. */
const MAX_VERSION_BYTES = 64 * 1024

/** The error code the transport raises for such an answer, carried as `cause.code` for `toAppError`. */
export const RESPONSE_NOT_JSON = 'USERDECK_RESPONSE_NOT_JSON'

class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'TransportError'
  }
}

/** The longest Retry-After honoured: a server asking for more is treated as asking for this. */
const RETRY_AFTER_MAX_MS = 60_000

/** Retry-After is seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  const seconds = Number(value.trim())
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now
  if (!Number.isFinite(ms) || ms < 0) return null
  return Math.min(ms, RETRY_AFTER_MAX_MS)
}

/**
 * Appwrite's own 429 names the end of its abuse window in X-RateLimit-Reset (epoch seconds) and sends
 * no Retry-After; null when absent, unreadable or already past (a skewed clock: the default wait).
 */
export function rateLimitResetMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  const seconds = Number(value.trim())
  if (!Number.isFinite(seconds)) return null
  const ms = seconds * 1000 - now
  return ms > 0 ? Math.min(ms, RETRY_AFTER_MAX_MS) : null
}

type Headers = Dispatcher.ResponseData['headers']

interface HeaderSet {
  own: Record<string, string>
  call: Record<string, string>
  merged: Record<string, string>
}

/** More distinct header sets than node-appwrite's services use; older ones are dropped past it. */
const MERGED_HEADER_SETS = 8

/** Same keys with the same values; allocates nothing. */
function sameHeaders(a: Record<string, string>, b: Record<string, string>): boolean {
  let count = 0
  for (const key in b) {
    if (a[key] !== b[key]) return false
    count++
  }
  for (const key in a) if (--count < 0 || !(key in b)) return false
  return count === 0
}

/** What a call past its deadline fails with; `toAppError` reads it as `timeout`. */
function timedOut(): Error {
  return new DOMException('The server did not answer in time.', 'TimeoutError')
}

function header(headers: Headers, name: string): string | null {
  const value = headers[name]
  return value === undefined ? null : Array.isArray(value) ? (value[0] ?? null) : value
}

/**
 * The transport every Appwrite call goes through. node-appwrite's own `call` uses WHATWG fetch and a
 * pure-JS big-number JSON parser; at the hundreds of calls a second an import makes, those were half
 * of Userdeck's CPU. This sends the request node-appwrite prepared over undici's plain `request`, and:
 *   - bounds the whole exchange with a timeout (node-appwrite has none: a silent server hangs it);
 *   - caps the answer's size (the agent's `maxResponseSize`);
 *   - refuses a success that is not JSON before reading its body (node-appwrite would hand a web page
 *     to the caller as `{ message }`, as if it were a user list);
 *   - keeps a 429's Retry-After on the error, which node-appwrite drops;
 *   - keeps the key out of an error's text, should a server echo it.
 * The Users API has no number beyond 2^53 (times are ISO strings), so plain JSON.parse loses nothing.
 */
class GuardedClient extends Client {
  private readonly deadlines: Deadlines
  private readonly headerSets: HeaderSet[] = []
  /** Told of every failed call (see `onCallFailure`); a hook, not a wrapper, to spare each call a layer. */
  failureListener: ((err: unknown) => void) | null = null

  constructor(
    timeoutMs: number,
    private readonly dispatcher: Dispatcher,
  ) {
    super()
    this.deadlines = new Deadlines(timeoutMs)
  }

  override async call(
    verb: string,
    url: URL,
    headers: Record<string, string> = {},
    params: Payload = {},
  ): ReturnType<Client['call']> {
    // node-appwrite's prepareRequest, without its big-number JSON writer (Users API numbers are small).
    const method = verb.toUpperCase() as Dispatcher.HttpMethod
    if (method === 'GET') {
      for (const [key, value] of Object.entries(Client.flatten(params)))
        url.searchParams.append(key, String(value))
    } else if (headers['content-type'] !== 'application/json') {
      // Only file uploads are multipart, and the Users API has none.
      throw new AppErrorException(appError('internal', 'Userdeck does not upload files to Appwrite.'))
    }
    // Connecting and waiting for the headers are bounded by the agent's own timers; the deadline
    // bounds the whole call, so a body that drips in a byte at a time is cut off too.
    let body: Dispatcher.ResponseData['body'] | null = null
    let expired = false
    const deadline = this.deadlines.start(() => {
      expired = true
      body?.destroy(timedOut())
    })
    try {
      const response = await this.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: this.headersFor(headers),
        body: method === 'GET' ? null : JSON.stringify(params),
      })
      body = response.body
      if (expired) {
        body.on('error', () => {}).destroy()
        throw timedOut()
      }
      // The answer is read here, not in an async function of its own: each async layer is one more
      // object for every call in flight (hundreds, thousands a second) that collections copy.
      const isJson = this.expectBody(response)
      if (isJson === null) {
        await body.dump()
        return {}
      }
      return this.parsed(response, isJson, await body.text())
    } catch (err) {
      this.failureListener?.(err)
      throw err
    } finally {
      deadline.end()
    }
  }

  /**
   * The client's own headers with the call's (node-appwrite sends one of a few small sets), merged
   * once per distinct pair and reused: an object spread per call cost an import about 6% of its speed.
   * Both sides are compared in full each time, so a header changed later (setKey) is never stale.
   */
  private headersFor(call: Record<string, string>): Record<string, string> {
    for (const set of this.headerSets)
      if (sameHeaders(set.own, this.headers) && sameHeaders(set.call, call)) return set.merged
    if (this.headerSets.length >= MERGED_HEADER_SETS) this.headerSets.shift()
    const merged = { ...this.headers, ...call }
    this.headerSets.push({ own: { ...this.headers }, call: { ...call }, merged })
    return merged
  }

  /**
   * Ends the client's connections: idle ones at once, busy ones once their answer is in. Its calls
   * fail from then on. Without it the sockets stay open until the server's keep-alive ends them.
   */
  close(): Promise<void> {
    return this.dispatcher.close()
  }

  /**
   * Whether the answer's body is JSON, from its head; null when it has none to read (its body is
   * dumped). Throws, dropping the body unread, for a success that is not JSON.
   */
  private expectBody(response: Dispatcher.ResponseData): boolean | null {
    const { statusCode: status, headers: answer, body } = response
    if (status === 204 || (status < 300 && header(answer, 'content-length') === '0')) return null
    const type = header(answer, 'content-type')
    const isJson = type !== null && /\bjson\b/i.test(type)
    if (status < 400 && !isJson) {
      // Not read: dropped with its connection (the abort that raises is expected, not an error).
      body.on('error', () => {}).destroy()
      if (status >= 300) throw this.redirected(status, header(answer, 'location'))
      throw new TransportError(
        RESPONSE_NOT_JSON,
        `The server answered ${status} with ${type ?? 'no content type'}.`,
      )
    }
    return isJson
  }

  /** The answer's text as Appwrite's object, or the error it stands for. */
  private parsed(response: Dispatcher.ResponseData, isJson: boolean, text: string): object {
    const { statusCode: status, headers: answer } = response
    const warnings = header(answer, 'x-appwrite-warning')
    // Printed as node-appwrite prints them; the server writes them, so the key is scrubbed first.
    if (warnings)
      for (const warning of warnings.split(';')) console.warn(`Warning: ${this.withoutKey(warning)}`)
    if (status >= 400) throw this.errorFor(status, answer, isJson, text)
    const data: unknown = JSON.parse(text)
    // Every Appwrite answer is a JSON object; a bare string, number or null is not from Appwrite.
    if (data === null || typeof data !== 'object') {
      throw new AppErrorException(
        appError(
          'bad_response',
          'The server answered with something that is not Appwrite JSON. Check that the endpoint ends in /v1.',
        ),
      )
    }
    return data
  }

  /** What node-appwrite throws for an error answer, plus the wait (Retry-After, X-RateLimit-Reset) it would drop. */
  private errorFor(status: number, headers: Headers, isJson: boolean, text: string): AppwriteException {
    let message = text
    let type = ''
    if (isJson) {
      try {
        const data = JSON.parse(text) as { message?: unknown; type?: unknown }
        message = typeof data.message === 'string' ? data.message : ''
        type = appwriteTypeOf(data.type)
      } catch {
        // A cut or broken error body: its text is the message, with no Appwrite type.
      }
    }
    const error = new AppwriteException(this.withoutKey(message), status, type, this.withoutKey(text))
    const wait =
      status === 429 || status === 503
        ? (retryAfterMs(header(headers, 'retry-after')) ??
          rateLimitResetMs(header(headers, 'x-ratelimit-reset')))
        : null
    return wait === null ? error : Object.assign(error, { retryAfterMs: wait })
  }

  /**
   * Redirects are not followed: the key would go wherever the endpoint points (fetch keeps custom
   * headers even across origins). The person is told where it points instead.
   */
  private redirected(status: number, location: string | null): AppErrorException {
    const where = location ? ` to ${this.withoutKey(location.slice(0, 200))}` : ''
    return new AppErrorException(
      appError(
        'bad_response',
        `The endpoint redirects (${status})${where}. Enter the address it redirects to; Userdeck does not follow redirects, so the key goes only where you sent it.`,
      ),
    )
  }

  /** The server writes the error text; one that echoes the key it was sent must not put it on screen. */
  private withoutKey(text: string): string {
    const key = this.config.key
    return key.length === 0 ? text : text.split(key).join('[redacted]')
  }
}

export interface Connection {
  endpoint: string
  projectId: string
  key: string
}

export interface AppwriteClients {
  client: Client
  users: Users
}

/** Tells `listener` of each call through these clients that fails; the call throws all the same. */
export function onCallFailure(clients: AppwriteClients, listener: (err: unknown) => void): void {
  if (!(clients.client instanceof GuardedClient))
    throw new Error('onCallFailure needs clients made by createAppwriteClients.')
  clients.client.failureListener = listener
}

/**
 * Ends the connections of clients made by `createAppwriteClients` (see `GuardedClient.close`), for
 * clients nobody calls through any more. Never fails: a connection that will not close is the OS's.
 */
export async function closeAppwriteClients(clients: AppwriteClients): Promise<void> {
  if (clients.client instanceof GuardedClient) await clients.client.close().catch(() => undefined)
}

function guardedClient(endpoint: string, projectId: string, timeoutMs: number, maxResponseBytes: number) {
  const agent = new Agent({
    maxResponseSize: maxResponseBytes,
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  })
  return new GuardedClient(timeoutMs, agent).setEndpoint(endpoint).setProject(projectId)
}

export function createAppwriteClients(
  connection: Connection,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  maxResponseBytes = MAX_RESPONSE_BYTES,
): AppwriteClients {
  const client = guardedClient(connection.endpoint, connection.projectId, timeoutMs, maxResponseBytes)
  client.setKey(connection.key)
  return { client, users: new Users(client) }
}

/**
 * The server's version and edition. `GET /health/version` is public (scope `public`, which guests
 * have and API keys do not), so it is asked without the key; null when it does not answer one.
 */
export async function readServer(
  connection: Omit<Connection, 'key'>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<AppwriteServer | null> {
  const cloud = isCloudEndpoint(connection.endpoint)
  const client = guardedClient(connection.endpoint, connection.projectId, timeoutMs, MAX_VERSION_BYTES)
  try {
    const answer = (await client.call('get', new URL(`${connection.endpoint}/health/version`))) as {
      version?: unknown
    }
    const version = typeof answer?.version === 'string' ? answer.version.slice(0, 40) : null
    return { version, cloud }
  } catch {
    return cloud ? { version: null, cloud } : null
  } finally {
    void client.close().catch(() => undefined)
  }
}
