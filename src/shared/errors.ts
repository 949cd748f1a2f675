/**
 * Errors cross every boundary (IPC, the Chromium bridge, the CLI's JSON output) as this plain object,
 * never as an exception with a stack: a stack can carry paths, and a message built from a request can
 * carry a key.
 */
export const errorCodes = [
  'invalid_input', // the input failed the contract's schema; `field` names what
  'unknown_channel',
  'untrusted_sender',
  'not_found', // the thing asked for does not exist (user, project, job…)
  'conflict', // it exists already (duplicate id, email, phone…)
  'invalid_request', // Appwrite refused the request as invalid (400)
  'unreachable', // no answer from the endpoint: DNS, refused, reset
  'tls', // the endpoint answered but its certificate was not trusted
  'timeout',
  'bad_response', // the server answered with something that is not Appwrite's JSON
  'project_not_found', // the endpoint is Appwrite but the project id is wrong
  'key_invalid', // the key is not accepted by the project
  'missing_scope', // the key lacks a scope; the message names it
  'rate_limited',
  'server_error', // 5xx
  'read_only', // a write on a read-only project
  'confirmation_required', // a destructive action on production without the project name typed
  'proof_required', // lowering a guard (or reading hashes out of a guarded project) without its stored key typed again
  'proof_invalid', // the key typed as proof is not the one stored for the project
  'keychain_unavailable',
  'key_missing', // the project has no key stored (or the in-memory key was lost with the last run)
  'cancelled',
  'internal',
] as const

export type ErrorCode = (typeof errorCodes)[number]

export interface AppError {
  code: ErrorCode
  /** A sentence a person can act on. */
  message: string
  /** The input field at fault, as a dotted path (`filters.label`). */
  field?: string
  /**
   * On `invalid_input`: what the field must be, in words that follow its name ("must be 500 or less"),
   * so a shell can name the field its own way (the CLI by its flag). Absent where the contract's
   * message is a sentence of its own.
   */
  rule?: string
  /**
   * On `conflict` for an email, phone or id that is taken: the id of the user who has it, so a shell
   * can offer to open them. Absent when the lookup found no one (the key cannot read, or a messaging
   * target holds the value).
   */
  holder?: string
  /** Appwrite's error `type` (`user_already_exists`…) when Appwrite said so. */
  appwriteType?: string
  /** The HTTP status Appwrite answered with. */
  status?: number
  /** Whether the same call may succeed if tried again unchanged. */
  retryable: boolean
  /** How long the server asked callers to wait before trying again (its Retry-After). */
  retryAfterMs?: number
  /**
   * On `confirmation_required` from a project whose safe mode asks before every write: the project
   * (its entry id). The window asks the person once and sends the same request with the confirmation.
   * On `proof_required` and `proof_invalid`: the project whose stored key the request must carry as
   * `proof`; the window asks the person to type it and sends the same request with it.
   */
  project?: string
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError }

const retryableCodes: ReadonlySet<ErrorCode> = new Set([
  'unreachable',
  'timeout',
  'rate_limited',
  'server_error',
  'bad_response',
])

export function appError(
  code: ErrorCode,
  message: string,
  extra: Partial<Omit<AppError, 'code' | 'message'>> = {},
): AppError {
  return { code, message, retryable: retryableCodes.has(code), ...extra }
}

/** Thrown inside main (and the CLI) to carry an AppError up to the shell that reports it. */
export class AppErrorException extends Error {
  readonly error: AppError
  constructor(error: AppError) {
    super(error.message)
    this.name = 'AppErrorException'
    this.error = error
  }
}

export function fail(
  code: ErrorCode,
  message: string,
  extra: Partial<Omit<AppError, 'code' | 'message'>> = {},
): never {
  throw new AppErrorException(appError(code, message, extra))
}

export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.code === 'string' &&
    (errorCodes as readonly string[]).includes(v.code) &&
    typeof v.message === 'string' &&
    typeof v.retryable === 'boolean'
  )
}
