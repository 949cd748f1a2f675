import { hashArgon2 } from '../../passwords'
import { isoDate } from '../clock'
import { emailMetadata } from '../email-metadata'
import { ApiError } from '../errors'
import { executeQuery, parseQueries, queriesParam } from '../queries'
import type { QuerySchema } from '../queries'
import type { UserRecord } from '../records'
import type { Router } from '../router'
import { created, noContent, ok } from '../router'
import { parseFulltext } from '../search'
import { checkUnique, defaultArgon2Options, insertUser } from '../user-factory'
import { schemaFor } from '../versions'
import {
  assoc,
  boolean,
  customId,
  email,
  emailOrEmpty,
  labels,
  nullable,
  optional,
  password,
  passwordOrEmpty,
  phone,
  phoneOrEmpty,
  required,
  strictBoolean,
  text,
  uid,
} from '../validation'
import { findUser, loadUser, saveUser, syncContactTarget, userBody, wantsTotal } from './common'

/**
 * PHP's argon2id (m=65536, t=4, p=3) of the empty string, which Appwrite stores when a password is
 * cleared; computed once because the WASM hasher refuses an empty password.
 */
const EMPTY_PASSWORD_ARGON2 =
  '$argon2id$v=19$m=65536,t=4,p=3$ibqKEltNQbrNKylZDfyNKg$MwybnL9/Fg3h4gpoC6U/0TFx06mDDhADUbnesTKqHr0'

/** Attributes Appwrite's Users query validator allows, with their column types. */
export const USER_QUERY_SCHEMA: QuerySchema = {
  attributes: {
    name: 'string',
    email: 'string',
    phone: 'string',
    status: 'boolean',
    passwordUpdate: 'datetime',
    registration: 'datetime',
    emailVerification: 'boolean',
    phoneVerification: 'boolean',
    labels: 'stringArray',
    impersonator: 'boolean',
    accessedAt: 'datetime',
    $id: 'string',
    $createdAt: 'datetime',
    $updatedAt: 'datetime',
    $sequence: 'integer',
  },
}

/** Column values as the database holds them: absent email/phone/dates are NULL. */
export function userAttribute(user: UserRecord, attribute: string): unknown {
  switch (attribute) {
    case '$sequence':
      return user.seq
    case 'passwordUpdate':
    case 'accessedAt':
      return user[attribute] || null
    default:
      return (user as unknown as Record<string, unknown>)[attribute] ?? null
  }
}

export function registerUserRoutes(router: Router): void {
  router.add('GET', '/users', 'users.read', (ctx) => {
    const plan = parseQueries(queriesParam(ctx.params), schemaFor(USER_QUERY_SCHEMA, ctx.server))
    const search = optional(ctx.params, 'search', text(256), '')
    const countTotal = wantsTotal(ctx)
    const { store } = ctx
    const fulltext = search !== '' ? parseFulltext(search) : null
    const result = executeQuery({
      records: fulltext ? store.searchUsers(fulltext) : store.users.values(),
      // A search's records are its matches already; the indexes would let in users it left out.
      lookup: fulltext ? undefined : (attribute, value) => store.usersMatching(attribute, value),
      plan,
      get: userAttribute,
      seqOf: (u) => u.seq,
      findCursor: (id) => store.getUser(id),
      cursorLabel: 'User',
      countTotal,
    })
    return ok({ total: result.total, users: result.items.map((u) => userBody(store, u)) })
  })

  router.add('POST', '/users', 'users.write', async (ctx) => {
    const userId = required(ctx.params, 'userId', customId)
    const userEmail = optional(ctx.params, 'email', nullable(email), null)
    const userPhone = optional(ctx.params, 'phone', nullable(phone), null)
    const plain = optional(ctx.params, 'password', nullable(password), null)
    const name = optional(ctx.params, 'name', text(128), '')
    // Uniqueness is checked before the slow hash so that a duplicate fails fast, then again on insert.
    checkUnique(ctx.store, userId, userEmail, userPhone)
    const hashed = plain ? await hashArgon2(plain) : null
    const user = insertUser(ctx.store, {
      userId,
      email: userEmail,
      phone: userPhone,
      password: hashed,
      hash: 'argon2',
      hashOptions: defaultArgon2Options(),
      name,
    })
    return created(userBody(ctx.store, user))
  })

  router.add('GET', '/users/:userId', 'users.read', (ctx) => ok(userBody(ctx.store, loadUser(ctx))))

  router.add('DELETE', '/users/:userId', 'users.write', (ctx) => {
    const user = loadUser(ctx)
    ctx.store.deleteUser(user.$id)
    return noContent()
  })

  // Appwrite validates every param before its action looks the user up, so a bad value on a missing
  // user is 400, not 404. status and impersonator take Boolean(true), which accepts "true", "1", 1;
  // the verification and mfa flags take the strict Boolean(): JSON true or false only.
  const flag = (path: string, param: string, field: keyof UserRecord, loose = true) =>
    router.add('PATCH', path, 'users.write', (ctx) => {
      const userId = required(ctx.pathParams, 'userId', uid)
      const value = required(ctx.params, param, loose ? boolean : strictBoolean)
      const user = findUser(ctx, userId)
      return ok(userBody(ctx.store, saveUser(ctx.store, user, { [field]: value })))
    })
  flag('/users/:userId/status', 'status', 'status')
  flag('/users/:userId/verification', 'emailVerification', 'emailVerification', false)
  flag('/users/:userId/verification/phone', 'phoneVerification', 'phoneVerification', false)
  flag('/users/:userId/mfa', 'mfa', 'mfa', false)
  flag('/users/:userId/impersonator', 'impersonator', 'impersonator')

  router.add('PUT', '/users/:userId/labels', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const next = [...new Set(required(ctx.params, 'labels', labels))]
    const user = findUser(ctx, userId)
    return ok(userBody(ctx.store, saveUser(ctx.store, user, { labels: next })))
  })

  router.add('PATCH', '/users/:userId/name', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const name = required(ctx.params, 'name', text(128, { min: 0 }))
    const user = findUser(ctx, userId)
    return ok(userBody(ctx.store, saveUser(ctx.store, user, { name })))
  })

  router.add('PATCH', '/users/:userId/password', 'users.write', async (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const plain = required(ctx.params, 'password', passwordOrEmpty)
    const user = findUser(ctx, userId)
    const now = isoDate()
    // Appwrite answers an empty password with the user cleared, but its action does not return
    // there: it goes on to store the argon2 hash of "" (every release from 1.6.0 to 1.9.6). Nobody can
    // sign in with it (sign-in takes 8 characters at least), yet a later read shows a hash.
    const answer =
      plain === ''
        ? userBody(ctx.store, { ...user, password: '', passwordUpdate: now, $updatedAt: now })
        : null
    const hashed = plain === '' ? EMPTY_PASSWORD_ARGON2 : await hashArgon2(plain)
    const current = ctx.store.getUser(user.$id)
    if (!current) throw new ApiError('user_not_found')
    const next = saveUser(ctx.store, current, {
      password: hashed,
      hash: 'argon2',
      hashOptions: defaultArgon2Options(),
      passwordUpdate: now,
    })
    return ok(answer ?? userBody(ctx.store, next))
  })

  router.add('PATCH', '/users/:userId/email', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const value = required(ctx.params, 'email', emailOrEmpty).toLowerCase()
    const user = findUser(ctx, userId)
    const { store } = ctx
    if (value !== '') {
      const identityId = store.identityIdByEmail(value)
      if (identityId && store.identities.get(identityId)?.userId !== user.$id) {
        throw new ApiError('user_email_already_exists')
      }
      if (store.targetIdByIdentifier(value)) throw new ApiError('user_target_already_exists')
      const owner = store.userIdByEmail(value)
      if (owner && owner !== user.$id) throw new ApiError('user_email_already_exists')
    }
    const nextEmail = value === '' ? null : value
    const next = saveUser(store, user, {
      email: nextEmail,
      emailVerification: false,
      ...emailMetadata(nextEmail),
    })
    syncContactTarget(store, user.$id, 'email', user.email, nextEmail)
    return ok(userBody(store, next))
  })

  router.add('PATCH', '/users/:userId/phone', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const value = required(ctx.params, 'number', phoneOrEmpty)
    const user = findUser(ctx, userId)
    const { store } = ctx
    if (value !== '') {
      if (store.targetIdByIdentifier(value)) throw new ApiError('user_target_already_exists')
      const owner = store.userIdByPhone(value)
      if (owner && owner !== user.$id) throw new ApiError('user_phone_already_exists')
    }
    const nextPhone = value === '' ? null : value
    const next = saveUser(store, user, { phone: nextPhone, phoneVerification: false })
    syncContactTarget(store, user.$id, 'sms', user.phone, nextPhone)
    return ok(userBody(store, next))
  })

  router.add('GET', '/users/:userId/prefs', 'users.read', (ctx) => ok(loadUser(ctx).prefs))

  router.add('PATCH', '/users/:userId/prefs', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const prefs = required(ctx.params, 'prefs', assoc)
    const user = findUser(ctx, userId)
    return ok(saveUser(ctx.store, user, { prefs }).prefs)
  })
}
