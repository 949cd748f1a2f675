import { createHash } from 'node:crypto'
import { safeEqual } from './compare'

/** SHA versions Appwrite's createSHAUser accepts, mapped to node:crypto algorithm names. */
export const SHA_VERSIONS: Readonly<Record<string, string>> = Object.freeze({
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  'sha512/224': 'sha512-224',
  'sha512/256': 'sha512-256',
  sha512: 'sha512',
  'sha3-224': 'sha3-224',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512',
})

export function verifyMd5(plain: string, hash: string): boolean {
  return safeEqual(createHash('md5').update(plain, 'utf8').digest('hex'), hash.toLowerCase())
}

/** Hex digest comparison; `version` defaults to sha256 as in Appwrite. Unknown versions never verify. */
export function verifySha(plain: string, hash: string, version = 'sha256'): boolean {
  const algorithm = SHA_VERSIONS[version]
  if (!algorithm) return false
  return safeEqual(createHash(algorithm).update(plain, 'utf8').digest('hex'), hash.toLowerCase())
}
