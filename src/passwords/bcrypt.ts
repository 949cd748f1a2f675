/** Verifies a `$2a$`/`$2b$`/`$2y$` crypt string; the cost is read from the string. */
export async function verifyBcrypt(plain: string, hash: string): Promise<boolean> {
  if (!/^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash)) return false
  // Loaded on first use, as in argon2.ts.
  const { bcryptVerify } = await import('hash-wasm')
  try {
    return await bcryptVerify({ password: plain, hash })
  } catch {
    return false
  }
}
