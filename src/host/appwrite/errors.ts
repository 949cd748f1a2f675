import { AppwriteException } from 'node-appwrite'
import { AppErrorException, appError, isAppError, type AppError } from '@shared/errors'
import { MAX_RESPONSE_BYTES, RESPONSE_NOT_JSON, appwriteTypeOf } from './client'

/** Network failures undici reports through `cause.code`, grouped by what the person should check. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'EPIPE',
])
const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
])

function causeCode(err: unknown): string | undefined {
  let cur: unknown = err
  for (let depth = 0; depth < 4 && cur && typeof cur === 'object'; depth++) {
    const code = (cur as { code?: unknown }).code
    if (typeof code === 'string') return code
    cur = (cur as { cause?: unknown }).cause
  }
  return undefined
}

/** The scope named in Appwrite's message: `… missing scopes (["users.write"])` or `… missing scope (users.write)`. */
export function missingScopeFrom(message: string): string | undefined {
  return /missing scopes? \(\[?"?([a-z.]+)"?/i.exec(message)?.[1]
}

/**
 * Turns anything a call can throw into an AppError with a message a person can act on. Keys never
 * reach a message: Appwrite's messages do not echo them, and our own messages never include one.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppErrorException) return err.error
  if (isAppError(err)) return err
  if (err instanceof AppwriteException) return fromAppwrite(err)
  if (err instanceof Error) {
    if (err.name === 'TimeoutError' || err.name === 'AbortError' || timeoutCodes.has(causeCode(err) ?? '')) {
      return appError('timeout', 'The server did not answer in time. Check the endpoint, or try again.')
    }
    const code = causeCode(err)
    if (
      code &&
      (code.startsWith('CERT_') ||
        code.includes('SELF_SIGNED') ||
        code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' ||
        code.startsWith('ERR_TLS') ||
        code === 'ERR_SSL_WRONG_VERSION_NUMBER')
    ) {
      return appError(
        'tls',
        `The endpoint's TLS certificate was not accepted (${code}). Check the URL's scheme and the server's certificate.`,
      )
    }
    if (code === RESPONSE_NOT_JSON) {
      return appError(
        'bad_response',
        'The endpoint answered, but not like Appwrite (a web page?). Check the URL; it usually ends in /v1.',
      )
    }
    if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
      return appError(
        'bad_response',
        `The server's answer was larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MB, far more than Appwrite sends. Check the endpoint.`,
      )
    }
    if (code === 'ENOTFOUND') {
      return appError('unreachable', "The endpoint's host name does not resolve. Check the URL.")
    }
    if (code === 'EAI_AGAIN') {
      return appError(
        'unreachable',
        "The endpoint's host name could not be looked up (no DNS answer). Check the URL and your network.",
      )
    }
    if (code && unreachableCodes.has(code)) {
      return appError(
        'unreachable',
        `Could not reach the endpoint (${code}). Check the URL and your network.`,
      )
    }
    if (err instanceof SyntaxError) {
      // The answer said JSON, and did not parse: cut short, or not from Appwrite.
      return appError(
        'bad_response',
        'The server answered with broken JSON (cut short?). Try again; if it persists, check the endpoint.',
      )
    }
    if (err instanceof URIError) {
      // node-appwrite percent-encodes ids into the path; a lone surrogate cannot be encoded.
      return appError(
        'invalid_request',
        'A value holds characters that cannot be sent to Appwrite (a broken Unicode character). Remove them and try again.',
      )
    }
  }
  return appError('internal', 'Something went wrong inside Userdeck. The log has the details.')
}

const SERVER_MESSAGE_MAX = 500
const KEY_NOT_ACCEPTED = 'The API key was not accepted by this project. Check the key and the project id.'

function clip(text: string): string {
  return text.length > SERVER_MESSAGE_MAX ? `${text.slice(0, SERVER_MESSAGE_MAX)}…` : text
}

function fromAppwrite(exception: AppwriteException): AppError {
  // Whatever threw it, the type passes the same rule as the transport's before anything reads it.
  const err = { code: exception.code, type: appwriteTypeOf(exception.type), message: exception.message }
  const status = err.code
  const base = { appwriteType: err.type || undefined, status: status || undefined }
  // The endpoint writes this text and the window shows it: keep a hostile server's novel out of the UI.
  const message = clip(err.message || `Appwrite answered ${status}.`)
  // Appwrite refuses a key it does not know as user_unauthorized (Auth/Key.php), or treats a key of a
  // type it does not look up as a guest.
  if (status === 401 && err.type === 'user_unauthorized') {
    return appError('key_invalid', KEY_NOT_ACCEPTED, base)
  }
  if (status === 401 && err.type === 'general_unauthorized_scope') {
    if (/role: guests/.test(message)) {
      return appError('key_invalid', KEY_NOT_ACCEPTED, base)
    }
    const scope = missingScopeFrom(message)
    return appError(
      'missing_scope',
      `The API key lacks the ${scope ?? 'needed'} scope. Add it to the key in the Appwrite Console.`,
      base,
    )
  }
  if (!err.type && status >= 400 && status !== 429) {
    // Appwrite's errors always carry a `type`; a bare status with an HTML or text body came from
    // something else at that URL (a web server, a proxy, a gateway), and its body is not worth showing.
    if (status >= 500) {
      return appError('server_error', `The server failed (${status}). Try again in a moment.`, base)
    }
    return appError(
      'bad_response',
      `The endpoint answered ${status}, but not like Appwrite. Check the URL; it usually ends in /v1.`,
      base,
    )
  }
  if (status === 401) return appError('key_invalid', `${message} Check the API key.`, base)
  if (status === 404 && err.type === 'project_not_found') {
    return appError(
      'project_not_found',
      'No project with this id on this endpoint. Check the project id.',
      base,
    )
  }
  if (status === 404 && err.type === 'general_route_not_found') {
    return appError(
      'bad_response',
      'The endpoint has no Appwrite API at this path. Check that it ends in /v1.',
      base,
    )
  }
  if (status === 404) return appError('not_found', message, base)
  if (status === 409) return appError('conflict', message, base)
  if (status === 429) {
    const wait = (exception as { retryAfterMs?: number }).retryAfterMs
    return appError(
      'rate_limited',
      'Appwrite is rate limiting these calls. Userdeck will slow down and retry.',
      {
        ...base,
        ...(wait !== undefined ? { retryAfterMs: wait } : {}),
      },
    )
  }
  if (status >= 500) return appError('server_error', `The server failed (${status}): ${message}`, base)
  if (status >= 400) return appError('invalid_request', message, base)
  if (!status) {
    // The SDK's own checks (a missing parameter) and undecodable answers come with code 0.
    if (/JSON|Unexpected token|Syntax/i.test(message)) {
      return appError(
        'bad_response',
        'The server answered with something that is not Appwrite JSON. Check that the endpoint ends in /v1.',
      )
    }
    return appError('invalid_request', message, base)
  }
  return appError('internal', message, base)
}
