import { SHA_PARAM_VERSIONS, SHA_VERIFIABLE_VERSIONS } from '../../shared/appwrite-limits'
import { ApiError } from '../errors'
import type { RequestContext, Router } from '../router'
import { created } from '../router'
import { defaultArgon2Options, insertUser } from '../user-factory'
import { customId, email, integer, optional, password, required, text, whiteList } from '../validation'
import { userBody } from './common'

const SHA_HASHER_VERSIONS: ReadonlySet<string> = new Set(SHA_VERIFIABLE_VERSIONS)

/** Appwrite throws from the hasher constructor for these: an uncaught error, so a bare 500. */
function serverError(): ApiError {
  return new ApiError('general_unknown', 'Server Error', 500)
}

/**
 * utopia-php/auth's ScryptModified setters: the base64 alphabet with padding only at its end, and no
 * check of the length ("abc" passes, and the user's password then never matches). The salt and the
 * signer key also refuse "0", which PHP counts as empty.
 */
const BASE64_ALPHABET = /^[A-Za-z0-9+/]+={0,2}$/
const acceptedKey = (value: string) => BASE64_ALPHABET.test(value) && value !== '0'

function common(ctx: RequestContext) {
  return {
    userId: required(ctx.params, 'userId', customId),
    email: required(ctx.params, 'email', email),
    password: required(ctx.params, 'password', password),
    name: optional(ctx.params, 'name', text(128), ''),
  }
}

export function registerHashedUserRoutes(router: Router): void {
  const simple = (path: string, hash: string, options: () => Record<string, unknown>) =>
    router.add('POST', path, 'users.write', (ctx) => {
      const base = common(ctx)
      const user = insertUser(ctx.store, { ...base, phone: null, hash, hashOptions: options() })
      return created(userBody(ctx.store, user))
    })

  simple('/users/argon2', 'argon2', defaultArgon2Options)
  simple('/users/bcrypt', 'bcrypt', () => ({ type: 'bcrypt', cost: 8 }))
  simple('/users/md5', 'md5', () => ({ type: 'md5' }))
  simple('/users/phpass', 'phpass', () => ({
    type: 'phpass',
    iteration_count_log2: 8,
    portable_hashes: false,
    random_state: `${Date.now() / 1000}${process.pid}`,
  }))

  router.add('POST', '/users/sha', 'users.write', (ctx) => {
    const base = common(ctx)
    const version = optional(ctx.params, 'passwordVersion', whiteList(SHA_PARAM_VERSIONS), '')
    if (version !== '' && !SHA_HASHER_VERSIONS.has(version)) throw serverError()
    // Appwrite's SHA hasher starts with sha256 and only a given version replaces it.
    const hashOptions = { version: version === '' ? 'sha256' : version }
    const user = insertUser(ctx.store, { ...base, phone: null, hash: 'sha', hashOptions })
    return created(userBody(ctx.store, user))
  })

  router.add('POST', '/users/scrypt', 'users.write', (ctx) => {
    const base = common(ctx)
    const salt = required(ctx.params, 'passwordSalt', text(128))
    const costCpu = required(ctx.params, 'passwordCpu', integer)
    const costMemory = required(ctx.params, 'passwordMemory', integer)
    const costParallel = required(ctx.params, 'passwordParallel', integer)
    const length = required(ctx.params, 'passwordLength', integer)
    const powerOfTwo = costCpu > 1 && (costCpu & (costCpu - 1)) === 0
    if (!powerOfTwo || costMemory < 1 || costParallel < 1 || length < 16) throw serverError()
    const user = insertUser(ctx.store, {
      ...base,
      phone: null,
      hash: 'scrypt',
      hashOptions: { type: 'scrypt', costCpu, costMemory, costParallel, length, salt },
    })
    return created(userBody(ctx.store, user))
  })

  router.add('POST', '/users/scrypt-modified', 'users.write', (ctx) => {
    const base = common(ctx)
    const salt = required(ctx.params, 'passwordSalt', text(128))
    const saltSeparator = required(ctx.params, 'passwordSaltSeparator', text(128))
    const signerKey = required(ctx.params, 'passwordSignerKey', text(128))
    if (!acceptedKey(salt) || !BASE64_ALPHABET.test(saltSeparator) || !acceptedKey(signerKey))
      throw serverError()
    const user = insertUser(ctx.store, {
      ...base,
      phone: null,
      hash: 'scryptMod',
      hashOptions: { type: 'scryptMod', salt, saltSeparator, signerKey },
    })
    return created(userBody(ctx.store, user))
  })
}
