import { createHash, scryptSync } from 'node:crypto'
import argon2 from 'argon2'
import bcryptjs from 'bcryptjs'
import { describe, expect, it } from 'vitest'
import {
  ARGON2_DEFAULT_OPTIONS,
  hashArgon2,
  phpassPortableHash,
  verifyPassword,
} from '../../../src/passwords'

const PW = 'appwrite'

describe('verifyPassword', () => {
  it('argon2: PHC strings from the native argon2 package and Appwrite e2e', async () => {
    for (const type of [argon2.argon2i, argon2.argon2d, argon2.argon2id] as const) {
      const hash = await argon2.hash(PW, { type, memoryCost: 512, timeCost: 2, parallelism: 1 })
      expect(await verifyPassword(PW, hash, 'argon2', {})).toBe(true)
      expect(await verifyPassword('nope', hash, 'argon2', {})).toBe(false)
    }
    const e2e = '$argon2i$v=19$m=20,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI'
    expect(await verifyPassword(PW, e2e, 'argon2', ARGON2_DEFAULT_OPTIONS)).toBe(true)
  })

  it('hashArgon2 produces PHP-compatible argon2id the native package verifies', async () => {
    const hash = await hashArgon2(PW)
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=65536,t=4,p=3\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(await argon2.verify(hash, PW)).toBe(true)
  })

  it('bcrypt: bcryptjs hashes and the Appwrite e2e vector', async () => {
    const hash = bcryptjs.hashSync(PW, 4)
    expect(await verifyPassword(PW, hash, 'bcrypt', { type: 'bcrypt', cost: 8 })).toBe(true)
    expect(await verifyPassword(PW, hash.replace('$2b$', '$2y$'), 'bcrypt')).toBe(true)
    expect(await verifyPassword('nope', hash, 'bcrypt')).toBe(false)
    expect(await verifyPassword(PW, 'not-a-hash', 'bcrypt')).toBe(false)
  })

  it('md5 and every sha version', async () => {
    expect(await verifyPassword(PW, '144fa7eaa4904e8ee120651997f70dcc', 'md5')).toBe(true)
    for (const [version, node] of [
      ['sha1', 'sha1'],
      ['sha224', 'sha224'],
      ['sha256', 'sha256'],
      ['sha384', 'sha384'],
      ['sha512', 'sha512'],
      ['sha512/224', 'sha512-224'],
      ['sha512/256', 'sha512-256'],
      ['sha3-224', 'sha3-224'],
      ['sha3-256', 'sha3-256'],
      ['sha3-384', 'sha3-384'],
      ['sha3-512', 'sha3-512'],
    ]) {
      const hash = createHash(node as string)
        .update(PW)
        .digest('hex')
      expect(await verifyPassword(PW, hash, 'sha', { version })).toBe(true)
    }
    const sha256 = createHash('sha256').update(PW).digest('hex')
    expect(await verifyPassword(PW, sha256, 'sha', {})).toBe(true)
    expect(await verifyPassword(PW, sha256, 'sha', { version: 'md4' })).toBe(false)
  })

  it('phpass: the Appwrite e2e vector, a WordPress $P$ hash and a bcrypt fallback', async () => {
    expect(await verifyPassword(PW, '$P$Br387rwferoKN7uwHZqNMu98q3U8RO.', 'phpass')).toBe(true)
    expect(await verifyPassword('wrong', '$P$Br387rwferoKN7uwHZqNMu98q3U8RO.', 'phpass')).toBe(false)
    // phpass's own test vector ("test12345").
    expect(await verifyPassword('test12345', '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0', 'phpass')).toBe(true)
    expect(phpassPortableHash(PW, '$X$B12345678')).toBeNull()
    expect(await verifyPassword(PW, bcryptjs.hashSync(PW, 4), 'phpass')).toBe(true)
  })

  it('scrypt and Firebase scryptMod', async () => {
    const hash = scryptSync(PW, 'salt', 32, { N: 1024, r: 8, p: 1 }).toString('hex')
    const options = { salt: 'salt', costCpu: 1024, costMemory: 8, costParallel: 1, length: 32 }
    expect(await verifyPassword(PW, hash, 'scrypt', options)).toBe(true)
    expect(await verifyPassword(PW, hash, 'scrypt', { ...options, salt: 'other' })).toBe(false)
    expect(await verifyPassword(PW, hash, 'scrypt', { ...options, costCpu: 1000 })).toBe(false)
    const firebase = {
      salt: 'UxLMreBr6tYyjQ==',
      saltSeparator: 'Bw==',
      signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
    }
    const vector = 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ=='
    expect(await verifyPassword(PW, vector, 'scryptMod', firebase)).toBe(true)
    expect(await verifyPassword('nope', vector, 'scryptMod', firebase)).toBe(false)
  })

  it('plaintext, unknown algorithms and empty hashes', async () => {
    expect(await verifyPassword(PW, PW, 'plaintext')).toBe(true)
    expect(await verifyPassword(PW, 'x', 'plaintext')).toBe(false)
    expect(await verifyPassword(PW, PW, 'rot13')).toBe(false)
    expect(await verifyPassword(PW, '', 'md5')).toBe(false)
    expect(await verifyPassword(PW, null, 'md5')).toBe(false)
  })
})
