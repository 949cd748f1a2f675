/**
 * Recognises a password hash from its text, for imports whose source does not say which algorithm
 * made it. Only shapes that are unambiguous are named; a 64-hex string could be sha256 or sha3-256, so
 * the hex lengths give the usual SHA-2 choice and the importer asks the person to confirm.
 */
export type DetectedHashType = 'argon2' | 'bcrypt' | 'md5' | 'phpass' | 'sha' | 'scrypt' | 'scryptMod'

export interface HashGuess {
  type: DetectedHashType
  /** For `sha`: the SHA-2 version the hex length suggests. */
  shaVersion?: 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512'
}

const SHA_BY_HEX_LENGTH: Record<number, HashGuess['shaVersion']> = {
  40: 'sha1',
  56: 'sha224',
  64: 'sha256',
  96: 'sha384',
  128: 'sha512',
}

export function detectHash(value: string): HashGuess | null {
  const hash = value.trim()
  if (/^\$2[abxy]\$\d\d\$[./A-Za-z0-9]{53}$/.test(hash)) return { type: 'bcrypt' }
  if (/^\$argon2(id|i|d)\$/.test(hash)) return { type: 'argon2' }
  if (/^\$[PH]\$[./0-9A-Za-z]{31}$/.test(hash)) return { type: 'phpass' }
  if (/^[0-9a-fA-F]{32}$/.test(hash)) return { type: 'md5' }
  if (/^[0-9a-fA-F]+$/.test(hash)) {
    const shaVersion = SHA_BY_HEX_LENGTH[hash.length]
    if (shaVersion) return { type: 'sha', shaVersion }
    return null
  }
  // Firebase's modified scrypt is 64 bytes of base64 (88 characters with padding).
  if (/^[A-Za-z0-9+/]{86}==$/.test(hash)) return { type: 'scryptMod' }
  return null
}
