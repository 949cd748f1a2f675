import { createCipheriv, scrypt } from 'node:crypto'
import { safeEqual } from './compare'

export interface ScryptOptions {
  salt: string
  costCpu: number
  costMemory: number
  costParallel: number
  length: number
}

export interface ScryptModifiedOptions {
  salt: string
  saltSeparator: string
  signerKey: string
}

function scryptAsync(
  password: Buffer | string,
  salt: Buffer | string,
  keyLength: number,
  options: { N: number; r: number; p: number },
): Promise<Buffer> {
  // 128·N·r bytes can exceed node's 32 MB default (the Appwrite e2e vector needs ~27 MB plus overhead).
  const maxmem = Math.max(64 * 1024 * 1024, 256 * options.N * options.r)
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keyLength, { ...options, maxmem }, (error, key) =>
      error ? reject(error) : resolve(key),
    )
  })
}

/** Plain scrypt: the salt is used as raw UTF-8 and the stored hash is lower-case hex. */
export async function verifyScrypt(plain: string, hash: string, options: ScryptOptions): Promise<boolean> {
  try {
    const key = await scryptAsync(plain, options.salt, options.length, {
      N: options.costCpu,
      r: options.costMemory,
      p: options.costParallel,
    })
    return safeEqual(key.toString('hex'), hash.toLowerCase())
  } catch {
    return false
  }
}

/**
 * Firebase's modified scrypt: scrypt(N=2^14, r=8, p=1) over salt‖separator derives an AES-256-CTR key
 * that encrypts the project's signer key; the stored hash is that ciphertext in base64.
 */
export async function scryptModifiedHash(plain: string, options: ScryptModifiedOptions): Promise<string> {
  const salt = Buffer.concat([
    Buffer.from(options.salt, 'base64'),
    Buffer.from(options.saltSeparator, 'base64'),
  ])
  const key = await scryptAsync(Buffer.from(plain, 'utf8'), salt, 64, { N: 16384, r: 8, p: 1 })
  const cipher = createCipheriv('aes-256-ctr', key.subarray(0, 32), Buffer.alloc(16))
  return Buffer.concat([cipher.update(Buffer.from(options.signerKey, 'base64')), cipher.final()]).toString(
    'base64',
  )
}

export async function verifyScryptModified(
  plain: string,
  hash: string,
  options: ScryptModifiedOptions,
): Promise<boolean> {
  try {
    return safeEqual(await scryptModifiedHash(plain, options), hash)
  } catch {
    return false
  }
}
