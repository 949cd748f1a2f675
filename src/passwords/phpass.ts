import { createHash } from 'node:crypto'
import { verifyBcrypt } from './bcrypt'
import { safeEqual } from './compare'

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** phpass's little-endian 6-bit packing (not standard base64). */
function encode64(input: Buffer, count: number): string {
  let output = ''
  let i = 0
  do {
    let value = input[i++] ?? 0
    output += ITOA64[value & 0x3f]
    if (i < count) value |= (input[i] ?? 0) << 8
    output += ITOA64[(value >> 6) & 0x3f]
    if (i++ >= count) break
    if (i < count) value |= (input[i] ?? 0) << 16
    output += ITOA64[(value >> 12) & 0x3f]
    if (i++ >= count) break
    output += ITOA64[(value >> 18) & 0x3f]
  } while (i < count)
  return output
}

/** The portable `$P$`/`$H$` hash of `plain` with the setting (cost + salt) of `setting`, or null if unusable. */
export function phpassPortableHash(plain: string, setting: string): string | null {
  const id = setting.slice(0, 3)
  if (id !== '$P$' && id !== '$H$') return null
  const log2 = ITOA64.indexOf(setting[3] ?? '')
  if (log2 < 7 || log2 > 30) return null
  const salt = setting.slice(4, 12)
  if (salt.length !== 8) return null
  const password = Buffer.from(plain, 'utf8')
  let hash = createHash('md5').update(salt, 'binary').update(password).digest()
  for (let count = 1 << log2; count > 0; count--) {
    hash = createHash('md5').update(hash).update(password).digest()
  }
  return setting.slice(0, 12) + encode64(hash, 16)
}

/**
 * WordPress/phpBB portable hashes. Like phpass's CheckPassword, anything that is not a portable hash
 * falls back to crypt(); of crypt's formats only bcrypt is supported here.
 */
export async function verifyPhpass(plain: string, hash: string): Promise<boolean> {
  const portable = phpassPortableHash(plain, hash)
  if (portable !== null) return safeEqual(portable, hash)
  if (hash.startsWith('$2')) return verifyBcrypt(plain, hash)
  return false
}
