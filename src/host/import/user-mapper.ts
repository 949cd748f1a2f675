import { hash as digest } from 'node:crypto'
import {
  NAME_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PREFS_MAX_BYTES,
  emailProblem,
  isBase64,
  labelProblem,
  phoneProblem,
  prefsBytes,
  userIdProblem,
} from '@shared/appwrite-limits'
import {
  hashTypeLabels,
  hashTypes,
  shaVersions,
  type HashSettings,
  type HashType,
  type ImportMapping,
  type ImportProblem,
  type ShaVersion,
} from '@shared/models/import'
import { detectHash, type DetectedHashType } from '../../passwords/detect'
import type { SourceRecord } from './source-record'

export interface PasswordOptions {
  shaVersion?: ShaVersion
  scrypt?: { salt: string; costCpu: number; costMemory: number; costParallel: number; length: number }
  scryptMod?: { salt: string; saltSeparator: string; signerKey: string }
}

export interface ImportPassword {
  type: HashType
  value: string
  options: PasswordOptions
}

/** One user as it will be sent to Appwrite. */
export interface ImportUser {
  row: number
  id: string
  email: string | null
  phone: string | null
  name: string
  password: ImportPassword | null
  labels: string[]
  prefs: Record<string, unknown>
  emailVerification: boolean
  phoneVerification: boolean
  status: boolean
  /** Fields the source gave: an update touches only these. */
  given: {
    name: boolean
    labels: boolean
    prefs: boolean
    emailVerification: boolean
    phoneVerification: boolean
  }
}

export interface MappedRow {
  user: ImportUser
  problems: ImportProblem[]
}

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value.trim() : String(value)
}

function bool(value: unknown, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value
  const s = text(value).toLowerCase()
  if (/^(true|t|1|yes|y|active|enabled|verified)$/.test(s)) return true
  if (/^(false|f|0|no|n|blocked|disabled|inactive)$/.test(s)) return false
  return fallback
}

const HASH_ALIASES: Record<string, { type: HashType; shaVersion?: ShaVersion }> = {
  'scrypt-modified': { type: 'scryptMod' },
  scryptmodified: { type: 'scryptMod' },
  firebase: { type: 'scryptMod' },
  plain: { type: 'plaintext' },
  text: { type: 'plaintext' },
  argon2id: { type: 'argon2' },
  argon2i: { type: 'argon2' },
  bcrypt2: { type: 'bcrypt' },
}

function namedHash(name: string): { type: HashType; shaVersion?: ShaVersion } | null {
  const n = name.toLowerCase()
  if ((hashTypes as readonly string[]).includes(name)) return { type: name as HashType }
  if (n === 'scryptmod') return { type: 'scryptMod' }
  if ((shaVersions as readonly string[]).includes(n)) return { type: 'sha', shaVersion: n as ShaVersion }
  return HASH_ALIASES[n] ?? null
}

// A job keeps every row in memory while it runs: rows share what is the same for all of them.
const NO_LABELS: string[] = Object.freeze([]) as unknown as string[]
const NO_PREFS: Record<string, unknown> = Object.freeze({})
const NO_OPTIONS: PasswordOptions = Object.freeze({})
const givenByMapping = new WeakMap<ImportMapping, ImportUser['given']>()

function givenFor(mapping: ImportMapping): ImportUser['given'] {
  let given = givenByMapping.get(mapping)
  if (!given) {
    given = Object.freeze({
      name: mapping.name !== undefined,
      labels: mapping.labels !== undefined,
      prefs: mapping.prefs !== undefined,
      emailVerification: mapping.emailVerification !== undefined,
      phoneVerification: mapping.phoneVerification !== undefined,
    })
    givenByMapping.set(mapping, given)
  }
  return given
}

/** A stable id from what identifies the person, so a retry or a resume can never create a second user. */
export function derivedId(
  email: string | null,
  phone: string | null,
  record: Record<string, unknown>,
): string {
  const basis = email ? `email:${email}` : phone ? `phone:${phone}` : `row:${JSON.stringify(record)}`
  return `u${digest('sha256', basis, 'hex').slice(0, 24)}`
}

/** The most a recognised hash may show: its algorithm and cost header, never a character of its digest or salt. */
const HASH_HEADERS: Partial<Record<DetectedHashType, RegExp>> = {
  bcrypt: /^\$2[abxy]\$\d\d\$/,
  argon2: /^\$argon2(?:id|i|d)\$(?:v=\d+\$)?m=\d+,t=\d+,p=\d+\$/,
  phpass: /^\$[PH]\$/,
}

/** How long a secret is, in classes wide enough that the class says little about the value. */
function lengthClass(length: number): string {
  if (length < PASSWORD_MIN) return `under ${PASSWORD_MIN} characters`
  if (length < 16) return `${PASSWORD_MIN}–15 characters`
  if (length < 32) return '16–31 characters'
  if (length <= 64) return '32–64 characters'
  return 'over 64 characters'
}

/**
 * What a password value may show outside main: that it is there and its length class. A value shaped
 * like a known hash also shows its algorithm header (`$2b$10$…`), which is not part of any password;
 * nothing else, so a plaintext password, or a plaintext mapped as a hash by mistake, shows none of itself.
 */
export function maskSecret(value: string): string {
  const guess = detectHash(value)
  const header = guess ? HASH_HEADERS[guess.type]?.exec(value.trim())?.[0] : undefined
  return header ? `${header}…` : `•••• ${lengthClass(value.length)}`
}

/**
 * Turns one source record into the user Appwrite will get, with every problem found in that row
 * alone (rules across rows, like duplicates, are the validator's).
 */
export function mapRecord(source: SourceRecord, mapping: ImportMapping, hash: HashSettings): MappedRow {
  const { row, record } = source
  const problems: ImportProblem[] = []
  const problem = (field: string, rule: ImportProblem['rule'], message: string) =>
    problems.push({ row, field, rule, message })
  const get = (field: keyof ImportMapping): unknown => {
    const column = mapping[field]
    return column === undefined ? undefined : record[column]
  }

  const email = text(get('email')).toLowerCase() || null
  const phone = text(get('phone')) || null
  if (!email && !phone) problem('email', 'email_missing', 'The row has neither an email nor a phone.')
  if (email) {
    const p = emailProblem(email)
    if (p) problem('email', 'email_invalid', p)
  }
  if (phone) {
    const p = phoneProblem(phone)
    if (p) problem('phone', 'phone_invalid', p)
  }

  const sourceId = text(get('id'))
  let id = sourceId
  if (sourceId) {
    const p = userIdProblem(sourceId)
    if (p || sourceId === 'unique()') {
      problem(
        'id',
        'id_invalid',
        // An export Userdeck knows (Firebase, Supabase…) has no column to unmap: skipping is its choice.
        `${p ?? 'unique() is not an id.'} Skip these rows, or, for a CSV or JSON file, unmap the id column to derive stable ids from the emails.`,
      )
    }
  } else {
    id = derivedId(email, phone, record)
  }

  const name = text(get('name'))
  // Code points, as Appwrite counts; never more than the UTF-16 length, so short names skip the count.
  if (name.length > NAME_MAX && [...name].length > NAME_MAX) {
    problem(
      'name',
      'name_too_long',
      `The name is ${[...name].length} characters; Appwrite allows ${NAME_MAX}.`,
    )
  }

  const rawLabels = get('labels')
  const labels = Array.isArray(rawLabels)
    ? rawLabels.map(text).filter((l) => l !== '')
    : text(rawLabels)
        .split(/[,;|\s]+/)
        .filter((l) => l !== '')
  for (const label of labels) {
    const p = labelProblem(label)
    if (p) {
      problem('labels', 'label_invalid', p)
      break
    }
  }

  const rawPrefs = get('prefs')
  let prefs: Record<string, unknown> = NO_PREFS
  if (rawPrefs && typeof rawPrefs === 'object' && !Array.isArray(rawPrefs))
    prefs = rawPrefs as Record<string, unknown>
  else if (text(rawPrefs) !== '') {
    try {
      const parsed = JSON.parse(text(rawPrefs)) as unknown
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object')
      prefs = parsed as Record<string, unknown>
    } catch {
      problem('prefs', 'prefs_too_large', 'Prefs must be a JSON object, e.g. {"theme":"dark"}.')
    }
  }
  if (prefs !== NO_PREFS && prefsBytes(prefs) > PREFS_MAX_BYTES) {
    problem(
      'prefs',
      'prefs_too_large',
      `Prefs are ${prefsBytes(prefs)} bytes as JSON; Appwrite allows ${PREFS_MAX_BYTES}.`,
    )
  }

  const password = mapPassword(
    get('password'),
    get('hashType'),
    get('salt'),
    record.hashOptions,
    hash,
    problem,
  )
  if (password && !email) {
    problem(
      'password',
      'password_missing_email',
      'Appwrite needs an email to import a password; this row has none.',
    )
  }

  return {
    user: {
      row,
      id,
      email,
      phone,
      name,
      password,
      labels: labels.length === 0 ? NO_LABELS : [...new Set(labels)],
      prefs,
      emailVerification: bool(get('emailVerification'), false),
      phoneVerification: bool(get('phoneVerification'), false),
      status: bool(get('status'), true),
      given: givenFor(mapping),
    },
    problems,
  }
}

/** The parts of a scrypt-modified password as a person reads them, by the field a problem names. */
const scryptModParts = {
  password: 'password hash',
  salt: 'salt',
  saltSeparator: 'salt separator',
  signerKey: 'signer key',
} as const

function looksHashed(value: string): boolean {
  return value.startsWith('$') || /^[A-Za-z0-9+/=.$_-]{20,}$/.test(value)
}

function mapPassword(
  rawValue: unknown,
  rawType: unknown,
  rawSalt: unknown,
  rowOptions: unknown,
  settings: HashSettings,
  problem: (field: string, rule: ImportProblem['rule'], message: string) => void,
): ImportPassword | null {
  const value = text(rawValue)
  if (value === '') return null
  const rowType = text(rawType)
  let named = rowType ? namedHash(rowType) : settings.type === 'auto' ? null : { type: settings.type }
  if (rowType && !named) {
    problem('hashType', 'hash_unknown', `"${rowType}" is not a hash Appwrite can import.`)
    return null
  }
  if (!named) {
    const guess = detectHash(value)
    // Anything shaped like a hash that matches no known format is refused rather than taken for a
    // password: importing a hash as plaintext would lock the person out.
    if (guess) named = guess
    else if (!looksHashed(value)) named = { type: 'plaintext' }
    else {
      problem(
        'password',
        'hash_unknown',
        `The password value (${maskSecret(value)}) is not a hash format Userdeck recognises. Choose its hash type.`,
      )
      return null
    }
  }
  const type = named.type
  if (type === 'plaintext') {
    const bytes = Buffer.byteLength(value)
    if (bytes < PASSWORD_MIN)
      problem(
        'password',
        'password_too_short',
        `The password is ${bytes} characters; Appwrite needs at least ${PASSWORD_MIN}.`,
      )
    else if (bytes > PASSWORD_MAX)
      problem(
        'password',
        'password_too_short',
        `The password is ${bytes} bytes; Appwrite allows ${PASSWORD_MAX}.`,
      )
    return { type, value, options: NO_OPTIONS }
  }
  if (value.length < 8 || value.length > 256) {
    problem(
      'password',
      'hash_unknown',
      `The ${hashTypeLabels[type]} hash is ${value.length} characters; Appwrite takes 8–256, so it cannot be imported.`,
    )
    return null
  }
  const stored = (rowOptions && typeof rowOptions === 'object' ? rowOptions : {}) as Record<string, unknown>
  const options: PasswordOptions = {}
  if (type === 'sha') {
    const version = text(stored.version) || named.shaVersion || settings.shaVersion || 'sha256'
    options.shaVersion = version as ShaVersion
  }
  if (type === 'scrypt') {
    const s = settings.scrypt
    const salt = text(rawSalt) || text(stored.salt) || s?.salt || ''
    const costCpu = Number(stored.costCpu ?? s?.costCpu)
    if (!salt || !costCpu) {
      problem(
        'password',
        'hash_unknown',
        'A scrypt hash needs its salt and cost parameters: enter them in the hash settings.',
      )
      return null
    }
    options.scrypt = {
      salt,
      costCpu,
      costMemory: Number(stored.costMemory ?? s?.costMemory),
      costParallel: Number(stored.costParallel ?? s?.costParallel),
      length: Number(stored.length ?? s?.length),
    }
  }
  if (type === 'scryptMod') {
    const salt = text(rawSalt) || text(stored.salt)
    const saltSeparator = text(stored.saltSeparator) || settings.firebase?.saltSeparator || ''
    const signerKey = text(stored.signerKey) || settings.firebase?.signerKey || ''
    if (!salt || !saltSeparator || !signerKey) {
      problem(
        'password',
        'hash_unknown',
        salt
          ? "Firebase hashes need the project's hash config (signer key, salt separator): paste it in the hash settings."
          : 'A Firebase scrypt hash needs its per-user salt; map the salt column.',
      )
      return null
    }
    const values = { password: value, salt, saltSeparator, signerKey }
    const broken = (Object.keys(values) as (keyof typeof values)[]).filter((k) => !isBase64(values[k]))
    if (broken.length > 0) {
      // Appwrite refuses it with a bare 500 (or keeps a hash no password matches). One problem for the
      // row, so rows are counted, naming the first field and every part that is wrong.
      const parts = broken.map((k) => scryptModParts[k])
      const named = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}`
      problem(
        broken[0]!,
        'hash_invalid',
        `The Firebase ${named} must be base64 (letters, digits, + and /, padded with = to a multiple of 4 characters); Appwrite refuses anything else. Copy ${parts.length === 1 ? 'it' : 'them'} from the export unchanged, or skip these rows.`,
      )
      return null
    }
    options.scryptMod = { salt, saltSeparator, signerKey }
  }
  return { type, value, options: Object.keys(options).length > 0 ? options : NO_OPTIONS }
}
