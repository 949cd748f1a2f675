/**
 * Appwrite's validation rules for users, written once. The contract's schemas, the label editor, the
 * import validator and the error messages a person reads all come from here.
 */
export const USER_ID_MAX = 36
/**
 * Appwrite's one id rule (Utopia's UID validator), for users, sessions, targets and projects alike:
 * 1–36 of a-z, A-Z, 0-9, period, hyphen, underscore; no special character first.
 */
export const ID_PATTERN = /^(?![._-])[A-Za-z0-9._-]{1,36}$/
export const NAME_MAX = 128
export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 256
export const LABEL_MAX_LENGTH = 36
export const LABEL_PATTERN = /^[A-Za-z0-9]{1,36}$/
export const LABELS_MAX = 1000
export const PREFS_MAX_BYTES = 65535
export const SEARCH_MAX = 256
/** E.164: a plus and at most fifteen digits, no leading zero. */
export const PHONE_PATTERN = /^\+[1-9]\d{6,14}$/
/** The `passwordVersion` values Appwrite's SHA endpoint accepts. */
export const SHA_PARAM_VERSIONS = [
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512/224',
  'sha512/256',
  'sha512',
  'sha3-224',
  'sha3-256',
  'sha3-384',
  'sha3-512',
] as const
/** Of those, the ones its hasher can verify: it throws (a bare 500) on sha512/224 and sha512/256. */
export const SHA_VERIFIABLE_VERSIONS = [
  'sha1',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
  'sha3-224',
  'sha3-256',
  'sha3-384',
  'sha3-512',
] as const

/**
 * Appwrite counts `total` only up to APP_LIMIT_COUNT (5,000 in every release from 1.6.0 to 1.9.x,
 * app/init.php then app/init/constants.php): a `total` of exactly this may mean more.
 */
export const TOTAL_CAP = 5000

/** Why a label is refused, in words that say which rule broke; null when it is fine. */
export function labelProblem(label: string): string | null {
  if (label.length === 0) return 'A label cannot be empty.'
  if (label.length > LABEL_MAX_LENGTH)
    return `Label "${label.slice(0, 40)}…" is ${label.length} characters; the limit is ${LABEL_MAX_LENGTH}.`
  if (!LABEL_PATTERN.test(label)) return `Label "${label}" may contain only letters A–Z, a–z and digits 0–9.`
  return null
}

/** Every label's problem, one after another: a person fixing one should not find the next only then. */
export function labelsProblem(labels: readonly string[]): string | null {
  const problems = labels.map(labelProblem).filter((p): p is string => p !== null)
  return problems.length > 0 ? problems.join(' ') : null
}

export function userIdProblem(id: string): string | null {
  if (id === 'unique()') return null
  if (id.length === 0 || id.length > USER_ID_MAX) return `User id must be 1–${USER_ID_MAX} characters.`
  if (!ID_PATTERN.test(id))
    return 'User id may contain a-z, A-Z, 0-9, period, hyphen and underscore, and cannot start with a special character.'
  return null
}

export function phoneProblem(phone: string): string | null {
  return PHONE_PATTERN.test(phone)
    ? null
    : `Phone "${phone}" is not in E.164 form: a "+" then up to fifteen digits, e.g. +14155550123.`
}

/**
 * Whether a value is whole base64, as a scrypt-modified (Firebase) hash, its salt, salt separator and
 * signer key must be. Appwrite's hasher (utopia-php/auth `ScryptModified::setSalt`, `setSaltSeparator`,
 * `setSignerKey`) throws on any other letter, which Appwrite answers as a bare 500; a value not a
 * multiple of 4 characters was cut short, and decodes to other bytes than the person's, so their
 * password would not match. The hash is compared as base64 text, so it must be whole base64 too.
 */
export function isBase64(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && value.length % 4 === 0
}

/** A pragmatic email check matching Appwrite's acceptance for the cases that matter: local@domain.tld. */
export function emailProblem(email: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : `"${email}" is not a valid email address.`
}

/**
 * PHP's `json_encode` of a number, as Appwrite re-encodes a decoded body: integers that fit in
 * PHP_INT_MAX print as in JS; any other number is a float, printed with 17 significant digits at most
 * and switching to `1.0e+25` form below 1e-4 or from 1e17 on (php_gcvt), where JS prints `1e+25`.
 */
function phpNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return JSON.stringify(n)
  const [mantissa = '', exp = '0'] = n.toExponential().split('e')
  const exponent = Number(exp)
  if (exponent >= -4 && exponent < 17) return JSON.stringify(n)
  const digits = mantissa.replace('-', '').replace('.', '')
  const sign = n < 0 ? '-' : ''
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`
}

/** PHP's json_encode of a string: `/` escaped, every non-ASCII UTF-16 unit as `\uXXXX`. */
function phpString(text: string): string {
  return JSON.stringify(text).replace(/[/\u0080-\uffff]/g, (ch) =>
    ch === '/' ? '\\/' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

/**
 * The JSON PHP's `json_encode` (default flags) writes for a value decoded from a request body: what
 * utopia-php's Assoc validator measures against Appwrite's prefs limit. Non-ASCII characters take six
 * bytes (twelve outside the BMP) and `/` two, so 24 KB of "é" is over 64 KB.
 */
export function phpJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return phpString(value)
    if (typeof value === 'number') return phpNumber(value)
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) return `[${value.map(phpJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
  // PHP decodes `{}` to an empty array, which it writes back as `[]`: the same two bytes.
  return `{${entries.map(([k, v]) => `${phpString(k)}:${phpJson(v)}`).join(',')}}`
}

/** Prefs size as Appwrite measures it (see phpJson); every prefs check in Userdeck uses this. */
export function prefsBytes(prefs: unknown): number {
  return phpJson(prefs).length
}
