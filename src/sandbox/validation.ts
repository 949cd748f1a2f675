import { ID_PATTERN, PREFS_MAX_BYTES, prefsBytes } from '../shared/appwrite-limits'
import { invalidParam, missingParam } from './errors'

/**
 * Param validators mirroring utopia-php's: each has the description Appwrite puts after
 * ``Invalid `<name>` param: `` and a parser that returns INVALID for a rejected value.
 */
export const INVALID = Symbol('invalid')

export interface Validator<T> {
  readonly description: string
  parse(value: unknown): T | typeof INVALID
}

export type Params = Readonly<Record<string, unknown>>

/** A required param: absent (or null) → `Param "x" is not optional.` */
export function required<T>(params: Params, name: string, validator: Validator<T>): T {
  const value = params[name]
  if (value === undefined || value === null) throw missingParam(name)
  const parsed = validator.parse(value)
  if (parsed === INVALID) throw invalidParam(name, validator.description)
  return parsed
}

/** An optional param: absent → `fallback`; present values must pass the validator (null included). */
export function optional<T, F>(params: Params, name: string, validator: Validator<T>, fallback: F): T | F {
  const value = params[name]
  if (value === undefined) return fallback
  const parsed = validator.parse(value)
  if (parsed === INVALID) throw invalidParam(name, validator.description)
  return parsed
}

export function nullable<T>(validator: Validator<T>): Validator<T | null> {
  return {
    description: validator.description,
    parse: (value) => (value === null ? null : validator.parse(value)),
  }
}

function mbLength(value: string): number {
  let count = 0
  for (const _ of value) count++
  return count
}

/**
 * utopia-php's Text: at most `max` characters (0: any) and at least `min`, which defaults to ONE, so
 * an empty string is refused unless the route says otherwise (`new Text(128, 0)` for updateName).
 */
export function text(
  max: number,
  options: { min?: number; allowList?: readonly string[] } = {},
): Validator<string> {
  const { min = 1, allowList } = options
  let description = 'Value must be a valid string'
  if (min === max) description += ` and exactly ${max} chars`
  else {
    if (min) description += ` and at least ${min} chars`
    if (max > 0) description += ` and no longer than ${max} chars`
  }
  if (allowList) description += ` and only consist of '${allowList.join(', ')}' chars`
  const allowed = allowList ? new Set(allowList) : null
  return {
    description,
    parse(value) {
      if (typeof value !== 'string') return INVALID
      const length = mbLength(value)
      if (length < min || (max > 0 && length > max)) return INVALID
      if (allowed) for (const ch of value) if (!allowed.has(ch)) return INVALID
      return value
    },
  }
}

const UID_DESCRIPTION =
  "Parameter must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char"

/** Path/reference ids. */
export const uid: Validator<string> = {
  description: UID_DESCRIPTION,
  parse: (value) => (typeof value === 'string' && ID_PATTERN.test(value) ? value : INVALID),
}

/** Ids chosen by the caller on create: a UID or `unique()`. */
export const customId: Validator<string> = {
  description: UID_DESCRIPTION,
  parse: (value) =>
    typeof value === 'string' && (value === 'unique()' || ID_PATTERN.test(value)) ? value : INVALID,
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const EMAIL_DOMAIN = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/

export function isEmail(value: string): boolean {
  const at = value.lastIndexOf('@')
  if (at <= 0 || at > 64) return false
  return EMAIL_LOCAL.test(value.slice(0, at)) && EMAIL_DOMAIN.test(value.slice(at + 1))
}

export const email: Validator<string> = {
  description: 'Value must be a valid email address',
  parse: (value) => (typeof value === 'string' && isEmail(value) ? value : INVALID),
}

/** Email or "" (updateEmail clears with an empty string). */
export const emailOrEmpty: Validator<string> = {
  description: email.description,
  parse: (value) => (value === '' ? '' : email.parse(value)),
}

const PHONE_RE = /^\+[1-9]\d{6,14}$/

export function isPhone(value: string): boolean {
  return PHONE_RE.test(value)
}

export const phone: Validator<string> = {
  description: "Phone number must start with a '+' can have a maximum of fifteen digits.",
  parse: (value) => (typeof value === 'string' && isPhone(value) ? value : INVALID),
}

export const phoneOrEmpty: Validator<string> = {
  description: phone.description,
  parse: (value) => (value === '' ? '' : phone.parse(value)),
}

function byteLength(value: string): number {
  return Buffer.byteLength(value, 'utf8')
}

/** Plain or hashed password: 8–256 bytes. */
export const password: Validator<string> = {
  description: 'Password must be between 8 and 256 characters long.',
  parse: (value) =>
    typeof value === 'string' && byteLength(value) >= 8 && byteLength(value) <= 256 ? value : INVALID,
}

export const passwordOrEmpty: Validator<string> = {
  description: password.description,
  parse: (value) => (value === '' ? '' : password.parse(value)),
}

/** utopia's loose Boolean validator. */
export const boolean: Validator<boolean> = {
  description: 'Value must be a valid boolean',
  parse(value) {
    if (value === true || value === 'true' || value === '1' || value === 1) return true
    if (value === false || value === 'false' || value === '0' || value === 0) return false
    return INVALID
  },
}

/** utopia's Boolean without `loose`: a JSON boolean only. */
export const strictBoolean: Validator<boolean> = {
  description: boolean.description,
  parse: (value) => (typeof value === 'boolean' ? value : INVALID),
}

export const integer: Validator<number> = {
  description: 'Value must be a valid integer',
  parse(value) {
    if (typeof value === 'number' && Number.isInteger(value)) return value
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value)
    return INVALID
  },
}

export function range(min: number, max: number): Validator<number> {
  const format = (n: number) => n.toLocaleString('en-US')
  return {
    description: `Value must be a valid range between ${format(min)} and ${format(max)}`,
    parse(value) {
      const n = integer.parse(value)
      return n !== INVALID && n >= min && n <= max ? n : INVALID
    },
  }
}

export function whiteList<T extends string>(values: readonly T[]): Validator<T> {
  return {
    description: `Value must be one of (${values.join(', ')})`,
    parse: (value) =>
      typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : INVALID,
  }
}

export function arrayList<T>(item: Validator<T>, max: number): Validator<T[]> {
  return {
    description: `Value must a valid array no longer than ${max} items and ${item.description}`,
    parse(value) {
      if (!Array.isArray(value) || value.length > max) return INVALID
      const out: T[] = []
      for (const element of value) {
        const parsed = item.parse(element)
        if (parsed === INVALID) return INVALID
        out.push(parsed)
      }
      return out
    },
  }
}

/** PHP decodes an object whose keys are exactly "0", "1", … in order to a list, which Assoc refuses. */
function decodesToList(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value)
  return keys.length > 0 && keys.every((key, i) => key === String(i))
}

/** A JSON object (not a list) whose PHP encoding fits in 65,535 bytes (utopia-php's Assoc). */
export const assoc: Validator<Record<string, unknown>> = {
  description: 'Value must be a valid object.',
  parse(value) {
    if (typeof value === 'string') {
      try {
        value = JSON.parse(value)
      } catch {
        return INVALID
      }
    }
    // PHP decodes `{}` and `[]` alike, so an empty list is an empty object; other lists are rejected.
    if (Array.isArray(value) && value.length === 0) return {}
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return INVALID
    const record = value as Record<string, unknown>
    if (prefsBytes(record) > PREFS_MAX_BYTES || decodesToList(record)) return INVALID
    return record
  },
}

const ALNUM = [...'0123456789', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ', ...'abcdefghijklmnopqrstuvwxyz']
export const labels = arrayList(text(36, { allowList: ALNUM }), 1000)

/** A list param read from a query string may arrive as one string. */
export function stringList(max = 0): Validator<string[]> {
  return {
    description: `Value must a valid array${max ? ` no longer than ${max} items` : ''} and Value must be a valid string`,
    parse(value) {
      if (typeof value === 'string') return [value]
      if (!Array.isArray(value) || (max && value.length > max)) return INVALID
      return value.every((v) => typeof v === 'string') ? (value as string[]) : INVALID
    },
  }
}
