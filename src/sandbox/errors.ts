/** Appwrite's error envelope version, sent in every error body. */
export const SERVER_VERSION = '1.9.6'

/** Default messages, code by type, as in Appwrite's app/config/errors.php. */
const CATALOGUE = {
  general_unknown: [500, 'Server Error'],
  general_server_error: [500, 'An internal server error occurred.'],
  general_argument_invalid: [
    400,
    'The request contains one or more invalid arguments. Please refer to the endpoint documentation.',
  ],
  general_route_not_found: [
    404,
    'Route not found. Please ensure the endpoint is configured correctly and that the API route is valid for this SDK version. Refer to the API docs for more details.',
  ],
  general_unauthorized_scope: [
    401,
    'The current user or API key does not have the required scopes to access the requested resource.',
  ],
  general_cursor_not_found: [
    400,
    'The cursor is invalid. This can happen if the item represented by the cursor has been deleted.',
  ],
  general_query_invalid: [400, "The query's syntax is invalid. Please check the query and try again."],
  general_rate_limit_exceeded: [
    429,
    'Rate limit for the current endpoint has been exceeded. Please try again after some time.',
  ],
  general_invalid_email: [400, 'Value must be a valid email address.'],
  general_invalid_phone: [
    400,
    "Value must be a valid phone number. Format this number with a leading '+' and a country code, e.g., +16175551212.",
  ],
  project_not_found: [
    404,
    'Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header to ensure the correct project ID is being used.',
  ],
  user_not_found: [404, 'User with the requested ID could not be found.'],
  user_already_exists: [409, 'A user with the same id, email, or phone already exists in this project.'],
  user_email_already_exists: [409, 'A user with the same email already exists in the current project.'],
  user_phone_already_exists: [
    409,
    'A user with the same phone number already exists in the current project.',
  ],
  user_target_already_exists: [409, 'A target with the same ID already exists.'],
  user_target_not_found: [404, 'The target could not be found.'],
  user_session_not_found: [404, 'The current user session could not be found.'],
  user_identity_not_found: [
    404,
    'The identity could not be found. Please sign in with OAuth provider to create identity first.',
  ],
  user_recovery_codes_already_exists: [
    409,
    'The current user already generated recovery codes and they can only be read once for security reasons.',
  ],
  user_recovery_codes_not_found: [404, 'Recovery codes could not be found on the current user.'],
  user_authenticator_not_found: [404, 'Authenticator could not be found on the current user.'],
  user_invalid_credentials: [401, 'Invalid credentials. Please check the email and password.'],
  user_unauthorized: [401, 'The current user is not authorized to perform the requested action.'],
  user_blocked: [403, 'The current user has been blocked.'],
  user_invalid_token: [401, 'Invalid token passed in the request.'],
  provider_not_found: [404, 'Provider with the requested ID could not be found.'],
  provider_incorrect_type: [400, 'Provider with the requested ID is of the incorrect type.'],
  database_query_order_null: [
    400,
    'The order attribute/column had a null value. Cursor pagination requires all documents/rows order attribute/column values are non-null.',
  ],
} as const satisfies Record<string, readonly [number, string]>

export type ErrorType = keyof typeof CATALOGUE

export interface ErrorBody {
  message: string
  code: number
  type: string
  version: string
}

/** An error answered as Appwrite's JSON error body with `code` as the HTTP status. */
export class ApiError extends Error {
  readonly code: number
  readonly type: ErrorType

  constructor(type: ErrorType, message?: string, code?: number) {
    const [defaultCode, defaultMessage] = CATALOGUE[type]
    super(message ?? defaultMessage)
    this.type = type
    this.code = code ?? defaultCode
  }

  /** `version` is the server's release (APP_VERSION_STABLE). */
  toBody(version: string = SERVER_VERSION): ErrorBody {
    return { message: this.message, code: this.code, type: this.type, version }
  }
}

/** `Invalid \`name\` param: <validator description>` as utopia-php/http words it. */
export function invalidParam(name: string, description: string): ApiError {
  return new ApiError('general_argument_invalid', `Invalid \`${name}\` param: ${description}`)
}

export function missingParam(name: string): ApiError {
  return new ApiError('general_argument_invalid', `Param "${name}" is not optional.`)
}
