import { AsyncLocalStorage } from 'node:async_hooks'
import { AppwriteException, Client, Users } from 'node-appwrite'
import { Agent, DecoratorHandler, type Dispatcher } from 'undici'
import { AppErrorException, appError } from '@shared/errors'

/** How long one Appwrite call may take, start to last byte, before it fails with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 30_000

/**
 * The most one answer may weigh. The largest page Userdeck asks for, 500 users each with the full
 * 64 kB of prefs, is about 33 MB; a server that streams without end, or pads its answer, is cut off
 * here instead of filling memory.
 */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024

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

/**
 * What the transport saw of one call that node-appwrite does not pass on: its exception carries no
 * headers, so a 429's Retry-After is caught here, per call, through the async context.
 */
interface CallTrace {
  retryAfter: string | null
}
const callTrace = new AsyncLocalStorage<CallTrace>()

/** Retry-After is seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null
  const seconds = Number(value.trim())
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now
  if (!Number.isFinite(ms) || ms < 0) return null
  return Math.min(ms, RETRY_AFTER_MAX_MS)
}

function headerValue(raw: Buffer[] | string[] | null | undefined, name: string): string | null {
  if (!raw) return null
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (String(raw[i]).toLowerCase() === name) return String(raw[i + 1])
  }
  return null
}

/**
 * node-appwrite treats any successful answer that is not JSON as `{ message: body }` and hands it to the
 * caller as if it were a user list. A success from Appwrite is always JSON (or empty, 204), so anything
 * else is refused here, before a byte of its body is read.
 */
// undici's typings declare DecoratorHandler without the methods it has (and forwards) at run time.
interface Forwarding {
  onConnect(abort: (reason?: Error) => void): void
  onHeaders(statusCode: number, headers: Buffer[], resume: () => void, statusText: string): boolean
}
const ForwardingHandler = DecoratorHandler as unknown as new (
  handler: Dispatcher.DispatchHandlers,
) => Forwarding

class AppwriteAnswerHandler extends ForwardingHandler {
  private abort: ((reason?: Error) => void) | null = null
  private readonly trace = callTrace.getStore()

  override onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort
    return super.onConnect(abort)
  }

  override onHeaders(
    statusCode: number,
    rawHeaders: Buffer[],
    resume: () => void,
    statusText: string,
  ): boolean {
    if ((statusCode === 429 || statusCode === 503) && this.trace) {
      this.trace.retryAfter = headerValue(rawHeaders, 'retry-after')
    }
    const type = headerValue(rawHeaders, 'content-type')
    const length = headerValue(rawHeaders, 'content-length')
    const hasBody = statusCode !== 204 && length !== '0'
    if (statusCode >= 200 && statusCode < 300 && hasBody && !(type && /\bjson\b/i.test(type))) {
      this.abort?.(
        new TransportError(
          RESPONSE_NOT_JSON,
          `The server answered ${statusCode} with ${type ?? 'no content type'}.`,
        ),
      )
      return false
    }
    return super.onHeaders(statusCode, rawHeaders, resume, statusText)
  }
}

function appwriteDispatcher(maxResponseBytes: number): Dispatcher {
  return new Agent({ maxResponseSize: maxResponseBytes }).compose(
    (dispatch) => (options, handler) => dispatch(options, new AppwriteAnswerHandler(handler)),
  )
}

/**
 * node-appwrite's Client has no timeout: a server that stops answering, or drips its body, would hang
 * the call for ever. Every request gets an AbortSignal that covers the whole exchange, and goes through
 * a dispatcher that caps the answer's size and refuses successes that are not JSON.
 */
class GuardedClient extends Client {
  constructor(
    private readonly timeoutMs: number,
    private readonly dispatcher: Dispatcher,
  ) {
    super()
  }

  override prepareRequest(
    ...args: Parameters<Client['prepareRequest']>
  ): ReturnType<Client['prepareRequest']> {
    const prepared = super.prepareRequest(...args)
    const options = prepared.options as { signal?: AbortSignal; dispatcher?: Dispatcher }
    options.signal = AbortSignal.timeout(this.timeoutMs)
    options.dispatcher = this.dispatcher
    return prepared
  }

  override async call(...args: Parameters<Client['call']>): ReturnType<Client['call']> {
    let data: unknown
    const trace: CallTrace = { retryAfter: null }
    try {
      data = await callTrace.run(trace, () => super.call(...args))
    } catch (err) {
      const wait = retryAfterMs(trace.retryAfter)
      if (wait !== null && err instanceof AppwriteException) Object.assign(err, { retryAfterMs: wait })
      throw this.withoutKey(err)
    }
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

  /** The server writes the error text; one that echoes the key it was sent must not put it on screen. */
  private withoutKey(err: unknown): unknown {
    const key = this.config.key
    if (!(err instanceof AppwriteException) || key.length === 0) return err
    if (!err.message.includes(key) && !err.response.includes(key)) return err
    const scrub = (text: string) => text.split(key).join('[redacted]')
    const clean = new AppwriteException(scrub(err.message), err.code, err.type, scrub(err.response))
    return Object.assign(clean, { retryAfterMs: (err as { retryAfterMs?: number }).retryAfterMs })
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

export function createAppwriteClients(
  connection: Connection,
  timeoutMs = DEFAULT_TIMEOUT_MS,
  maxResponseBytes = MAX_RESPONSE_BYTES,
): AppwriteClients {
  const client = new GuardedClient(timeoutMs, appwriteDispatcher(maxResponseBytes))
    .setEndpoint(connection.endpoint)
    .setProject(connection.projectId)
    .setKey(connection.key)
  return { client, users: new Users(client) }
}
