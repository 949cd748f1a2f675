import { randomBytes } from 'node:crypto'

// hash-wasm (a quarter of a megabyte of WebAssembly) loads with the first password hashed or checked,
// so a host or command that never touches one does not pay for it.

/**
 * The parameters Appwrite (PHP's password_hash with PASSWORD_ARGON2ID) uses for every new password,
 * and the `hashOptions` object it stores beside the hash.
 */
export const ARGON2_DEFAULT_OPTIONS = Object.freeze({
  type: 'argon2',
  memory_cost: 65536,
  time_cost: 4,
  threads: 3,
})

/** Hashes a plain password as argon2id (m=65536, t=4, p=3, 16-byte salt, 32-byte hash) in PHC form. */
export async function hashArgon2(plain: string): Promise<string> {
  const { argon2id } = await import('hash-wasm')
  return argon2id({
    password: plain,
    salt: randomBytes(16),
    memorySize: ARGON2_DEFAULT_OPTIONS.memory_cost,
    iterations: ARGON2_DEFAULT_OPTIONS.time_cost,
    parallelism: ARGON2_DEFAULT_OPTIONS.threads,
    hashLength: 32,
    outputType: 'encoded',
  })
}

/** Verifies any `$argon2i$`, `$argon2d$` or `$argon2id$` PHC string; the parameters come from the string. */
export async function verifyArgon2(plain: string, hash: string): Promise<boolean> {
  if (!/^\$argon2(id|i|d)\$/.test(hash)) return false
  const { argon2Verify } = await import('hash-wasm')
  try {
    return await argon2Verify({ password: plain, hash })
  } catch {
    // A malformed PHC string is a failed login, not a server error.
    return false
  }
}
