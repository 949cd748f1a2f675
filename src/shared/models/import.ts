/** The import wizard's data as the renderer and the CLI see it. Plain JSON; the readers live in src/host/import. */
import { SHA_VERIFIABLE_VERSIONS } from '../appwrite-limits'

export const importFormats = ['csv', 'json', 'firebase', 'auth0', 'supabase', 'appwrite'] as const
export type ImportFormat = (typeof importFormats)[number]

export const importFormatLabels: Record<ImportFormat, string> = {
  csv: 'CSV',
  json: 'JSON / JSON Lines',
  firebase: 'Firebase Auth export',
  auth0: 'Auth0 export',
  supabase: 'Supabase auth.users',
  appwrite: 'Another Appwrite project',
}

/** What Userdeck takes from an export it knows (src/host/import/formats.ts), as the mapping step says it. */
export const knownFormatFields: Partial<Record<ImportFormat, string>> = {
  firebase: 'id, email, phone, name, password hash, verification and status',
  auth0: 'id, email, phone, name, password hash, verification and status, and user_metadata as prefs',
  supabase: 'id, email, phone, name, password hash, verification and status, and raw_user_meta_data as prefs',
  appwrite: 'id, email, phone, name, password hash, verification, status, labels and prefs',
}

/** Appwrite's `hash` names, plus plaintext (hashed to argon2 by Appwrite on create). */
export const hashTypes = [
  'plaintext',
  'argon2',
  'bcrypt',
  'md5',
  'phpass',
  'sha',
  'scrypt',
  'scryptMod',
] as const
export type HashType = (typeof hashTypes)[number]

/** The job kind an import runs as: the host registers it, the window and the other features tell imports by it. */
export const IMPORT_KIND = 'import'

/** Each hash type as people read it: the window and the messages it shows never name one by its key. */
export const hashTypeLabels: Record<HashType, string> = {
  plaintext: 'Plain text (Appwrite hashes it)',
  argon2: 'Argon2',
  bcrypt: 'Bcrypt',
  md5: 'MD5',
  phpass: 'PHPass (WordPress, phpBB)',
  sha: 'SHA',
  scrypt: 'Scrypt',
  scryptMod: 'Scrypt modified (Firebase)',
}

/**
 * A hash type named in words where it comes by the Users API's own key: the API calls Firebase's
 * scrypt `scryptModified`, the import (and its `--map`) `scryptMod`.
 */
export const hashTypeLabel = (type: HashType | 'scryptModified'): string =>
  hashTypeLabels[type === 'scryptModified' ? 'scryptMod' : type]

/** Versions an import can carry: only those Appwrite can verify at sign-in. */
export const shaVersions = SHA_VERIFIABLE_VERSIONS
export type ShaVersion = (typeof shaVersions)[number]

/**
 * The fields that carry a password: an import without passwords maps none of them ("Import without
 * passwords" in the window, `--no-passwords` in the CLI), and its users set one by recovery.
 */
export const importPasswordFields = ['password', 'hashType', 'salt'] as const

/** The choice in words, the window's checkbox and the CLI's `--no-passwords` alike. */
export const withoutPasswordsWords = {
  label: 'Import without passwords',
  description: 'The users are created without one and set it by recovery.',
}

/** The mapping with no password field: the users are created without one. */
export function withoutPasswords(mapping: ImportMapping): ImportMapping {
  const rest = { ...mapping }
  for (const field of importPasswordFields) delete rest[field]
  return rest
}

/** What a source column can become. `hashType` and `salt` let a file carry per-row hash details. */
export const importFields = [
  'id',
  'email',
  'phone',
  'name',
  'password',
  'hashType',
  'salt',
  'labels',
  'prefs',
  'emailVerification',
  'phoneVerification',
  'status',
] as const
export type ImportField = (typeof importFields)[number]

/** Target field → source column name (or `#N` for the Nth column of a file without a header). */
export type ImportMapping = Partial<Record<ImportField, string>>

export interface ScryptParams {
  /** Per-user salt comes from the `salt` column when mapped; this one is used otherwise. */
  salt?: string
  costCpu: number
  costMemory: number
  costParallel: number
  length: number
}

/** Firebase's project-wide parameters, as its console shows them. */
export interface FirebaseHashConfig {
  signerKey: string
  saltSeparator: string
  rounds: number
  memCost: number
}

export interface HashSettings {
  /** `auto` = detect per row from the hash string; the wizard shows what was found for confirmation. */
  type: HashType | 'auto'
  shaVersion?: ShaVersion
  scrypt?: ScryptParams
  firebase?: FirebaseHashConfig
}

export type ImportSource =
  { kind: 'upload'; uploadId: string } | { kind: 'file'; path: string } | { kind: 'project'; project: string }

export interface CsvOptions {
  /** Detected when absent. */
  delimiter?: string
  header?: boolean
}

/** Everything needed to read, map and validate a source; the same plan is journaled with the job. */
export interface ImportPlan {
  /** The project users go into. */
  project: string
  source: ImportSource
  format: ImportFormat | 'auto'
  csv?: CsvOptions
  /** Absent = the mapping the format suggests. */
  mapping?: ImportMapping
  hash?: HashSettings
}

export const onExistingChoices = ['skip', 'update', 'fail'] as const
export type OnExisting = (typeof onExistingChoices)[number]

export const problemRules = [
  'email_missing',
  'email_invalid',
  'phone_invalid',
  'id_invalid',
  'id_duplicate',
  'email_duplicate',
  'email_exists',
  'phone_duplicate',
  'phone_exists',
  'name_too_long',
  'password_too_short',
  'password_missing_email',
  'label_invalid',
  'prefs_too_large',
  'hash_unknown',
  'hash_invalid',
  'row_unreadable',
] as const
export type ProblemRule = (typeof problemRules)[number]

export const problemRuleLabels: Record<ProblemRule, string> = {
  email_missing: 'No email and no phone',
  email_invalid: 'Email is not valid',
  phone_invalid: 'Phone is not E.164',
  id_invalid: 'User id is not valid',
  id_duplicate: 'User id appears twice in the file',
  email_duplicate: 'Email appears twice in the file',
  email_exists: 'Email already belongs to another user in the project',
  phone_duplicate: 'Phone appears twice in the file',
  phone_exists: 'Phone already belongs to another user in the project',
  name_too_long: 'Name is over 128 characters',
  password_too_short: 'Plaintext password is under 8 characters',
  password_missing_email: 'A password needs an email',
  label_invalid: 'Label is not valid',
  prefs_too_large: 'Prefs are over 64 kB or not an object',
  hash_unknown: 'Password hash format is unknown',
  hash_invalid: 'Password hash, salt or key is not base64',
  row_unreadable: 'Row could not be read',
}

export interface ImportProblem {
  row: number
  field: string
  rule: ProblemRule
  message: string
}

/**
 * A row as it will be created in Appwrite. Secrets are masked: the hash kind, the length class and, for
 * a recognised hash, its algorithm header; never a character of a password.
 */
export interface ImportPreviewUser {
  row: number
  id: string
  email: string | null
  phone: string | null
  name: string
  password: { type: HashType; masked: string } | null
  labels: string[]
  prefs: Record<string, unknown>
  emailVerification: boolean
  phoneVerification: boolean
  status: boolean
}

export interface DetectedHash {
  type: HashType | 'unknown'
  shaVersion?: ShaVersion
  rows: number
  /** e.g. "$2b$10$…" or "•••• 16–31 characters": never any of the value itself. */
  example: string
}

export interface ImportInspection {
  format: ImportFormat
  csv: { delimiter: string; header: boolean; encoding: string } | null
  columns: string[]
  mapping: ImportMapping
  hash: HashSettings
  /** What the first rows' password values look like; confirm before validating. */
  detectedHashes: DetectedHash[]
  preview: ImportPreviewUser[]
  /** A sentence on anything the reader noticed (no header, Excel's `sep=` line…). */
  notes: string[]
}

export interface ProblemClass {
  rule: ProblemRule
  count: number
  /** The first few, in file order. */
  examples: ImportProblem[]
}

export interface ImportValidation {
  rows: number
  /** Rows with no problem at all. */
  valid: number
  /** Rows whose id already exists in the project: handled by the on-existing choice. */
  existing: number
  problems: ProblemClass[]
}

/**
 * Every row with a problem, one line a problem, as a CSV main has written into the data folder: the
 * job report's shape, so the window saves it the same way (`text` is its first rows when `truncated`).
 */
export interface ImportProblemsFile {
  format: 'csv'
  filename: string
  text: string
  /** Where main saved the whole file, every problem, in the data folder. */
  path: string
  /** Problems (lines) in the file; a row with two problems has two. */
  rows: number
  truncated: boolean
}

/** The problems file's columns: the row as the validation names it, then the values that find it in the file. */
export const PROBLEM_COLUMNS = ['row', 'rule', 'field', 'message', 'id', 'email', 'phone'] as const

export interface PasswordCheck {
  row: number
  ok: boolean
  hashType: HashType | 'unknown'
  message: string
}

/**
 * The most calls an import makes at once. Creates are independent, and the engine starts low and
 * backs off on any 429, 5xx or timeout, so it only gets this wide when the server keeps up. Wider
 * is not faster: against the sandbox 20 ms away, an import peaked between 384 and 512 and was about
 * 10% slower at 1024, its rows in flight costing more CPU than the extra width gave back.
 */
export const IMPORT_MAX_CONCURRENCY = 512

/** What an import job journals as its params: the resolved plan and the choices made before starting. */
export interface ImportJobParams {
  plan: ImportPlan & { format: ImportFormat; mapping: ImportMapping; hash: HashSettings }
  onExisting: OnExisting
  skip: ProblemRule[]
  /** The upper bound asked for (`--concurrency`); the engine adapts below it. */
  concurrency?: number
}
