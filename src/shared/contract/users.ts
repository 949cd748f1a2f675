import { z } from 'zod'
import { channel, event } from './define'
import { confirm, projectRef, requestId, userId } from './common'
import { guardProof } from './projects'
import {
  LABEL_PATTERN,
  NAME_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PREFS_MAX_BYTES,
  SEARCH_MAX,
  emailProblem,
  labelProblem,
  phoneProblem,
  prefsBytes,
  SHA_PARAM_VERSIONS,
} from '../appwrite-limits'
import type { UserPage, UserRecord } from '../models'
import type {
  CrossProjectHits,
  CrossProjectSearch,
  UserExportDone,
  UserExportProgress,
  UserIdentity,
  UserLog,
  UserMembership,
  UserMfa,
  UserWrite,
} from '../models/users'

/** A calendar day (`2024-05-01`) or an ISO date-time; a day means its whole UTC day. */
const dateBound = z
  .string()
  .max(40)
  .refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'Use a date like 2024-05-01 or an ISO date-time.',
  })

const label = z.string().refine((l) => labelProblem(l) === null, {
  message: 'A label is 1–36 letters A–Z, a–z or digits 0–9.',
})

/**
 * What the user browser, the CLI and bulk-job selections filter on. Every field becomes an Appwrite
 * query in main (`toQueries` in `src/host/users/users-query.ts`); none is applied in the renderer.
 */
export const userFilters = z.strictObject({
  status: z.enum(['active', 'blocked']).optional(),
  emailVerified: z.boolean().optional(),
  phoneVerified: z.boolean().optional(),
  /** Users who may (or may not) impersonate others; Appwrite 1.9 and later. */
  impersonator: z.boolean().optional(),
  /** Users carrying this label. */
  label: label.optional(),
  registeredAfter: dateBound.optional(),
  registeredBefore: dateBound.optional(),
  passwordChangedAfter: dateBound.optional(),
  passwordChangedBefore: dateBound.optional(),
  /** Users with neither an email nor a phone: anonymous sessions, mostly. */
  anonymous: z.literal(true).optional(),
  /** Users whose email and phone are both unverified. */
  neverVerified: z.literal(true).optional(),
  /**
   * Users with no session at all. Appwrite has no query for it, so the host asks each candidate's
   * sessions after the other filters have narrowed the list (one request per user looked at).
   */
  noSessions: z.literal(true).optional(),
  /** Last access (Appwrite's accessedAt), on servers that can filter by it (appwrite-versions.ts). */
  accessedAfter: dateBound.optional(),
  accessedBefore: dateBound.optional(),
})
export type UserFilters = z.infer<typeof userFilters>

/** Columns Appwrite can order users by (labels and MFA are not orderable attributes). */
export const sortableUserFields = [
  'name',
  'email',
  'phone',
  'status',
  'emailVerification',
  'phoneVerification',
  'registration',
  'passwordUpdate',
  'accessedAt',
] as const
export type SortableUserField = (typeof sortableUserFields)[number]

export const userSort = z.strictObject({
  field: z.enum(sortableUserFields),
  direction: z.enum(['asc', 'desc']),
})
export type UserSort = z.infer<typeof userSort>

/** The columns an export can hold. The hash columns are refused unless `includeHashes` is set. */
export const exportColumns = [
  'id',
  'name',
  'email',
  'phone',
  'status',
  'emailVerification',
  'phoneVerification',
  'mfa',
  'labels',
  'registration',
  'passwordUpdate',
  'accessedAt',
  'createdAt',
  'updatedAt',
  'prefs',
  'passwordHash',
  'hashAlgorithm',
  'hashOptions',
] as const
export type ExportColumn = (typeof exportColumns)[number]
export const hashColumns: readonly ExportColumn[] = ['passwordHash', 'hashAlgorithm', 'hashOptions']

const search = z.string().max(SEARCH_MAX, `Search is at most ${SEARCH_MAX} characters.`)
const email = z.string().refine((e) => emailProblem(e) === null, { message: 'Not a valid email address.' })
const phone = z.string().refine((p) => phoneProblem(p) === null, {
  message: 'Use E.164: a "+" then up to fifteen digits, e.g. +14155550123.',
})
const prefs = z.record(z.string(), z.unknown()).refine((p) => prefsBytes(p) <= PREFS_MAX_BYTES, {
  message: `Preferences are at most ${PREFS_MAX_BYTES} bytes as JSON.`,
})
const password = z
  .string()
  .min(PASSWORD_MIN, `A password is at least ${PASSWORD_MIN} characters.`)
  .max(PASSWORD_MAX, `A password is at most ${PASSWORD_MAX} characters.`)

const labelList = z.array(z.string().regex(LABEL_PATTERN, 'A label is 1–36 letters or digits.')).max(1000)

export const userChange = z.strictObject({
  name: z.string().max(NAME_MAX, `A name is at most ${NAME_MAX} characters.`).optional(),
  /** "" removes the email. */
  email: z.union([z.literal(''), email]).optional(),
  /** "" removes the phone number. */
  phone: z.union([z.literal(''), phone]).optional(),
  status: z.boolean().optional(),
  /** Replaces the whole set (what Appwrite's endpoint does); prefer addLabels/removeLabels. */
  labels: labelList.optional(),
  /**
   * Relative edits, applied in main to the labels the user has at that moment: a label someone else
   * added since the window last read the user is kept, not wiped.
   */
  addLabels: labelList.optional(),
  removeLabels: labelList.optional(),
  emailVerification: z.boolean().optional(),
  phoneVerification: z.boolean().optional(),
  prefs: prefs.optional(),
  /** Whether sign-in asks for a second factor. */
  mfa: z.boolean().optional(),
  /** Whether the user may act as other users of the project (Appwrite 1.9 and later). */
  impersonator: z.boolean().optional(),
})

/** A password hash made elsewhere, imported as-is; Appwrite verifies it at the next login. */
export const passwordHash = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('argon2'), hash: z.string().min(1) }),
  z.strictObject({ type: z.literal('bcrypt'), hash: z.string().min(1) }),
  z.strictObject({ type: z.literal('md5'), hash: z.string().min(1) }),
  z.strictObject({ type: z.literal('phpass'), hash: z.string().min(1) }),
  z.strictObject({
    type: z.literal('sha'),
    hash: z.string().min(1),
    version: z.enum(SHA_PARAM_VERSIONS).optional(),
  }),
  z.strictObject({
    type: z.literal('scrypt'),
    hash: z.string().min(1),
    salt: z.string().min(1).max(128),
    cpu: z.number().int().positive(),
    memory: z.number().int().positive(),
    parallel: z.number().int().positive(),
    length: z.number().int().positive(),
  }),
  z.strictObject({
    type: z.literal('scryptModified'),
    hash: z.string().min(1),
    salt: z.string().min(1).max(128),
    saltSeparator: z.string().min(1).max(128),
    signerKey: z.string().min(1).max(128),
  }),
])
export type PasswordHashInput = z.infer<typeof passwordHash>

const userRef = { project: projectRef, userId }

export const usersChannels = {
  'users.list': channel<UserPage>()(
    z.strictObject({
      project: projectRef,
      search: search.optional(),
      limit: z.number().int().min(1).max(500).default(50),
      /** The last user id of the previous page. */
      cursor: userId.optional(),
      /**
       * The previous page's `nextOffset`. Used only when Appwrite refuses the cursor because the sort
       * column is empty for that user (`database_query_order_null`): main pages by offset.
       */
      offset: z.number().int().min(0).optional(),
      filters: userFilters.optional(),
      sort: userSort.optional(),
      /** false skips Appwrite's count (then `total` is 0): later pages need not count again. */
      total: z.boolean().default(true),
    }),
  ),
  'users.get': channel<UserRecord>()(z.strictObject(userRef)),
  'users.update': channel<UserWrite>()(
    z.strictObject({
      ...userRef,
      confirm,
      change: userChange
        .refine((c) => Object.values(c).some((v) => v !== undefined), {
          message: 'Change at least one field.',
        })
        .refine((c) => !(c.labels && (c.addLabels || c.removeLabels)), {
          message: 'Give either labels (replace all) or addLabels/removeLabels, not both.',
          path: ['labels'],
        })
        .superRefine((c, ctx) => {
          const both = c.addLabels?.find((l) => c.removeLabels?.includes(l))
          if (both !== undefined)
            ctx.addIssue({
              code: 'custom',
              message: `Label "${both}" is both added and removed.`,
              path: ['addLabels'],
            })
        }),
    }),
  ),
  /** Audited (that it changed, never the password), not undoable: Appwrite cannot give the old hash back. */
  'users.updatePassword': channel<UserWrite>()(z.strictObject({ ...userRef, password, confirm })),
  'users.create': channel<UserWrite>()(
    z
      .strictObject({
        project: projectRef,
        /** Omit for an id Appwrite makes up. */
        userId: userId.optional(),
        name: z.string().max(NAME_MAX).optional(),
        email: email.optional(),
        phone: phone.optional(),
        password: password.optional(),
        passwordHash: passwordHash.optional(),
        confirm,
      })
      .refine((u) => !(u.password && u.passwordHash), {
        message: 'Give a password or a password hash, not both.',
        path: ['passwordHash'],
      })
      .refine((u) => !u.passwordHash || u.email, {
        message: 'A user created from a password hash needs an email.',
        path: ['email'],
      })
      .refine((u) => u.email || u.phone || u.userId || u.name, {
        message: 'Give at least an email, a phone number or a name.',
        path: ['email'],
      }),
  ),
  /** On a production project `confirm` must be the project's name. */
  'users.delete': channel<UserWrite>()(z.strictObject({ ...userRef, confirm })),
  'users.logs': channel<{ total: number; logs: UserLog[] }>()(
    z.strictObject({
      ...userRef,
      limit: z.number().int().min(1).max(100).default(25),
      offset: z.number().int().min(0).default(0),
    }),
  ),
  'users.memberships': channel<UserMembership[]>()(z.strictObject(userRef)),
  'users.identities': channel<UserIdentity[]>()(z.strictObject(userRef)),
  'users.mfa': channel<UserMfa>()(z.strictObject(userRef)),
  /** `view` reads the codes; `generate` makes the first set; `regenerate` replaces them (audited, not undoable). */
  'users.mfaRecoveryCodes': channel<{ recoveryCodes: string[] }>()(
    z.strictObject({ ...userRef, action: z.enum(['view', 'generate', 'regenerate']), confirm }),
  ),
  'users.mfaRemoveAuthenticator': channel<UserWrite>()(z.strictObject({ ...userRef, confirm })),
  /**
   * Searches every project at once. Each project's answer is also pushed as `users.searchHits` the
   * moment it lands, so a slow project never holds back the others; the reply holds them all.
   */
  'users.searchAll': channel<CrossProjectSearch>()(
    z.strictObject({
      searchId: requestId,
      search: search.min(1, 'Type something to search for.'),
      perProject: z.number().int().min(1).max(50).default(8),
      timeoutMs: z.number().int().min(100).max(60_000).default(8000),
    }),
  ),
  /** Writes every matching user (all pages) under `<dataDir>/exports/`, with `users.exportProgress` events. */
  'users.export': channel<UserExportDone>()(
    z
      .strictObject({
        exportId: requestId,
        project: projectRef,
        search: search.optional(),
        filters: userFilters.optional(),
        sort: userSort.optional(),
        format: z.enum(['csv', 'json']),
        columns: z.array(z.enum(exportColumns)).min(1, 'Choose at least one column.'),
        includeHashes: z.boolean().default(false),
        /** With hashes from a guarded project: its stored key typed again. */
        proof: guardProof,
      })
      .refine((e) => e.includeHashes || !e.columns.some((c) => hashColumns.includes(c)), {
        message: 'Password hash columns are exported only when includeHashes is set.',
        path: ['columns'],
      }),
  ),
}

export const usersEvents = {
  'users.searchHits': event<CrossProjectHits & { searchId: string }>(),
  'users.exportProgress': event<UserExportProgress>(),
}
