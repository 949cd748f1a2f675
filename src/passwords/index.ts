/**
 * Password hashing and verification for every algorithm Appwrite stores (`user.hash`), in one place:
 * the sandbox verifies logins with it and the import wizard checks hashes before it sends them.
 *
 * `verifyPassword(plain, hash, hashName, hashOptions)` takes the three values exactly as the Appwrite
 * User model returns them (`password`, `hash`, `hashOptions`). It never throws for bad input: an
 * unknown algorithm, malformed hash or bad options is a failed verification.
 *
 * Node-only (node:crypto and WebAssembly); keep it out of src/shared and the renderer.
 */
import { ARGON2_DEFAULT_OPTIONS, hashArgon2, verifyArgon2 } from './argon2'
import { verifyBcrypt } from './bcrypt'
import { safeEqual } from './compare'
import { SHA_VERSIONS, verifyMd5, verifySha } from './digest'
import { phpassPortableHash, verifyPhpass } from './phpass'
import { scryptModifiedHash, verifyScrypt, verifyScryptModified } from './scrypt'
import type { ScryptModifiedOptions, ScryptOptions } from './scrypt'

export type HashAlgorithm =
  'argon2' | 'bcrypt' | 'md5' | 'phpass' | 'scrypt' | 'scryptMod' | 'sha' | 'plaintext'

export const HASH_ALGORITHMS: readonly HashAlgorithm[] = [
  'argon2',
  'bcrypt',
  'md5',
  'phpass',
  'scrypt',
  'scryptMod',
  'sha',
  'plaintext',
]

export type HashOptions = Readonly<Record<string, unknown>>

export {
  ARGON2_DEFAULT_OPTIONS,
  SHA_VERSIONS,
  hashArgon2,
  phpassPortableHash,
  scryptModifiedHash,
  verifyArgon2,
  verifyBcrypt,
  verifyMd5,
  verifyPhpass,
  verifyScrypt,
  verifyScryptModified,
  verifySha,
}
export type { ScryptModifiedOptions, ScryptOptions }

function str(options: HashOptions | null | undefined, key: string): string {
  const value = options?.[key]
  return typeof value === 'string' ? value : ''
}

function int(options: HashOptions | null | undefined, key: string, fallback: number): number {
  const value = options?.[key]
  if (typeof value === 'number' && Number.isInteger(value)) return value
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value)
  return fallback
}

/**
 * Checks `plain` against a stored hash with the algorithm Appwrite names in `hashName`.
 * Options follow Appwrite's stored `hashOptions` keys: sha `{version}`, scrypt
 * `{salt, costCpu, costMemory, costParallel, length}`, scryptMod `{salt, saltSeparator, signerKey}`;
 * argon2 and bcrypt read their parameters from the hash string itself.
 */
export async function verifyPassword(
  plain: string,
  hash: string | null | undefined,
  hashName: string | null | undefined,
  hashOptions?: HashOptions | null,
): Promise<boolean> {
  if (typeof hash !== 'string' || hash === '') return false
  switch (hashName ?? 'argon2') {
    case 'argon2':
      return verifyArgon2(plain, hash)
    case 'bcrypt':
      return verifyBcrypt(plain, hash)
    case 'md5':
      return verifyMd5(plain, hash)
    case 'sha':
      return verifySha(plain, hash, str(hashOptions, 'version') || 'sha256')
    case 'phpass':
      return verifyPhpass(plain, hash)
    case 'scrypt':
      return verifyScrypt(plain, hash, {
        salt: str(hashOptions, 'salt'),
        costCpu: int(hashOptions, 'costCpu', 8),
        costMemory: int(hashOptions, 'costMemory', 14),
        costParallel: int(hashOptions, 'costParallel', 1),
        length: int(hashOptions, 'length', 64),
      })
    case 'scryptMod':
      return verifyScryptModified(plain, hash, {
        salt: str(hashOptions, 'salt'),
        saltSeparator: str(hashOptions, 'saltSeparator'),
        signerKey: str(hashOptions, 'signerKey'),
      })
    case 'plaintext':
      return safeEqual(plain, hash)
    default:
      return false
  }
}
