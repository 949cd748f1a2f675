/**
 * What each known export looks like, and how its records become Userdeck's canonical fields
 * (the names of `importFields`). Generic CSV and JSON keep their own columns and get a guessed mapping.
 */
import { importFields, type ImportField, type ImportFormat, type ImportMapping } from '@shared/models/import'
import { detectHash } from '../../passwords/detect'

type Rec = Record<string, unknown>

/** Firebase's `auth:export --format=csv` has no header; these are its columns, in order. */
export const FIREBASE_CSV_COLUMNS = [
  'localId',
  'email',
  'emailVerified',
  'passwordHash',
  'salt',
  'displayName',
  'photoUrl',
  'googleId',
  'googleEmail',
  'googleDisplayName',
  'googlePhotoUrl',
  'facebookId',
  'facebookEmail',
  'facebookDisplayName',
  'facebookPhotoUrl',
  'twitterId',
  'twitterEmail',
  'twitterDisplayName',
  'twitterPhotoUrl',
  'githubId',
  'githubEmail',
  'githubDisplayName',
  'githubPhotoUrl',
  'createdAt',
  'lastSignedInAt',
  'phoneNumber',
] as const

function text(value: unknown): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value.trim() : String(value)
}

function truthy(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  return /^(true|t|1|yes|y)$/i.test(text(value))
}

function jsonObject(value: unknown): Rec | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Rec
  const s = text(value)
  if (!s.startsWith('{')) return undefined
  try {
    const parsed = JSON.parse(s) as unknown
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Rec) : undefined
  } catch {
    return undefined
  }
}

function firebase(raw: Rec): Rec {
  const r = '#1' in raw ? Object.fromEntries(FIREBASE_CSV_COLUMNS.map((c, i) => [c, raw[`#${i + 1}`]])) : raw
  const hash = text(r.passwordHash)
  return {
    id: text(r.localId),
    email: text(r.email),
    emailVerification: truthy(r.emailVerified),
    password: hash,
    hashType: hash ? 'scryptMod' : '',
    salt: text(r.salt),
    name: text(r.displayName),
    phone: text(r.phoneNumber),
    status: !truthy(r.disabled),
  }
}

function auth0(raw: Rec): Rec {
  const oid = (raw._id as { $oid?: unknown } | undefined)?.$oid
  const rawId = text(raw.user_id ?? raw.userId ?? oid ?? raw._id)
  const custom = raw.custom_password_hash as { algorithm?: unknown; hash?: { value?: unknown } } | undefined
  const hash = text(raw.passwordHash ?? raw.password_hash ?? custom?.hash?.value)
  const algorithm = text(custom?.algorithm)
  return {
    // "auth0|5f7c…" → "5f7c…": the provider prefix is not part of the person's id and "|" is not allowed.
    id: rawId.includes('|') ? rawId.slice(rawId.lastIndexOf('|') + 1) : rawId,
    email: text(raw.email),
    emailVerification: truthy(raw.email_verified),
    password: hash,
    hashType: algorithm,
    name: text(raw.name ?? raw.nickname),
    phone: text(raw.phone_number),
    phoneVerification: truthy(raw.phone_verified),
    status: !truthy(raw.blocked),
    prefs: jsonObject(raw.user_metadata) ?? {},
  }
}

function supabase(raw: Rec): Rec {
  const meta = jsonObject(raw.raw_user_meta_data) ?? {}
  const phone = text(raw.phone)
  const banned = text(raw.banned_until)
  return {
    id: text(raw.id),
    email: text(raw.email),
    emailVerification: text(raw.email_confirmed_at ?? raw.confirmed_at) !== '',
    password: text(raw.encrypted_password),
    hashType: text(raw.encrypted_password) ? 'bcrypt' : '',
    name: text(meta.full_name ?? meta.name),
    // Supabase stores phone numbers without the "+".
    phone: phone && !phone.startsWith('+') ? `+${phone}` : phone,
    phoneVerification: text(raw.phone_confirmed_at) !== '',
    status: !(banned !== '' && Date.parse(banned) > Date.now()),
    prefs: meta,
  }
}

/** Appwrite users (from the API or an exported list) keep everything, including hash options. */
function appwrite(raw: Rec): Rec {
  return {
    id: text(raw.$id),
    email: text(raw.email),
    phone: text(raw.phone),
    name: text(raw.name),
    password: text(raw.password),
    hashType: raw.password ? text(raw.hash) : '',
    hashOptions: raw.hashOptions,
    labels: Array.isArray(raw.labels) ? raw.labels : [],
    prefs: jsonObject(raw.prefs) ?? {},
    emailVerification: raw.emailVerification === true,
    phoneVerification: raw.phoneVerification === true,
    status: raw.status !== false,
  }
}

const normalizers: Partial<Record<ImportFormat, (raw: Rec) => Rec>> = { firebase, auth0, supabase, appwrite }

export function normalizeRecord(format: ImportFormat, raw: Rec): Rec {
  return normalizers[format]?.(raw) ?? raw
}

/** Whether the format's records are renamed at all (plain CSV and JSON are read as they are). */
export function hasNormalizer(format: ImportFormat): boolean {
  return normalizers[format] !== undefined
}

/** Known formats are normalised to the canonical names, so their mapping is the identity. */
export function canonicalMapping(): ImportMapping {
  return Object.fromEntries(importFields.map((f) => [f, f])) as ImportMapping
}

const SYNONYMS: Record<ImportField, string[]> = {
  id: ['id', '$id', 'uid', 'userid', 'localid', 'externalid'],
  email: ['email', 'emailaddress', 'mail', 'e-mail'],
  phone: ['phone', 'phonenumber', 'mobile', 'tel', 'telephone'],
  name: ['name', 'fullname', 'displayname', 'username'],
  password: ['password', 'passwordhash', 'hash', 'encryptedpassword', 'pwd', 'pass'],
  hashType: ['hashtype', 'hashalgorithm', 'algorithm', 'passwordtype'],
  salt: ['salt', 'passwordsalt'],
  labels: ['labels', 'tags', 'roles'],
  prefs: ['prefs', 'preferences', 'metadata', 'usermetadata'],
  emailVerification: ['emailverification', 'emailverified', 'verified', 'emailconfirmed'],
  phoneVerification: ['phoneverification', 'phoneverified', 'phoneconfirmed'],
  status: ['status', 'active', 'enabled'],
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9$]/g, '')

/** A first guess from column names, or (no header) from what the first rows' values look like. */
export function guessMapping(columns: string[], rows: Rec[]): ImportMapping {
  const mapping: ImportMapping = {}
  const used = new Set<string>()
  for (const field of importFields) {
    const column = columns.find((c) => !used.has(c) && SYNONYMS[field].includes(squash(c)))
    if (column) {
      mapping[field] = column
      used.add(column)
    }
  }
  const values = (c: string) => rows.map((r) => text(r[c])).filter((v) => v !== '')
  const byValue = (field: ImportField, test: (v: string) => boolean) => {
    if (mapping[field]) return
    const column = columns.find((c) => !used.has(c) && values(c).length > 0 && values(c).every(test))
    if (column) {
      mapping[field] = column
      used.add(column)
    }
  }
  byValue('email', (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v))
  byValue('password', (v) => detectHash(v) !== null)
  byValue('phone', (v) => /^\+[1-9]\d{6,14}$/.test(v))
  return mapping
}

/** Which known export a first record comes from, judged by the fields only that export has. */
export function recognise(record: Rec, columns: string[]): ImportFormat | null {
  const keys = new Set(Object.keys(record).map(squash))
  if (
    keys.has('localid') &&
    (keys.has('passwordhash') || keys.has('salt') || keys.has('providerUserInfo'.toLowerCase()))
  )
    return 'firebase'
  if (
    columns.length >= 23 &&
    columns[0] === '#1' &&
    /@/.test(text(record['#2'])) &&
    /^(true|false)$/.test(text(record['#3']))
  )
    return 'firebase'
  if (keys.has('encryptedpassword') || (keys.has('instanceid') && keys.has('aud'))) return 'supabase'
  const userId = text(record.user_id)
  if (
    /^auth0\|/.test(userId) ||
    keys.has('custompasswordhash') ||
    ('_id' in record && keys.has('passwordhash'))
  )
    return 'auth0'
  if (keys.has('$id') && keys.has('hashoptions')) return 'appwrite'
  return null
}
