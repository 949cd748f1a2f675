import { createCipheriv, createHash, randomBytes, scryptSync } from 'node:crypto'
import argon2 from 'argon2'
import bcryptjs from 'bcryptjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../../src/sandbox'
import { accountFor, expectError, raw, sandbox, usersFor } from './helpers'

/**
 * Every hash here comes from an independent implementation (argon2 native, bcryptjs, node:crypto)
 * or from Appwrite's own e2e vectors, never from src/passwords.
 */
const PASSWORD = 'appwrite'

/** Firebase's published modified scrypt, written out here independently of src/passwords. */
function firebaseScrypt(password: string, salt: string, separator: string, signerKey: string): string {
  const key = scryptSync(
    Buffer.from(password),
    Buffer.concat([Buffer.from(salt, 'base64'), Buffer.from(separator, 'base64')]),
    64,
    {
      N: 16384,
      r: 8,
      p: 1,
      maxmem: 64 * 1024 * 1024,
    },
  )
  const cipher = createCipheriv('aes-256-ctr', key.subarray(0, 32), Buffer.alloc(16))
  return Buffer.concat([cipher.update(Buffer.from(signerKey, 'base64')), cipher.final()]).toString('base64')
}

const FIREBASE = {
  salt: 'UxLMreBr6tYyjQ==',
  saltSeparator: 'Bw==',
  signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
  // Appwrite's e2e vector for "appwrite".
  hash: 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==',
}

let sb: RunningSandbox
let users: ReturnType<typeof usersFor>

beforeAll(async () => {
  sb = await sandbox()
  users = usersFor(sb)
})
afterAll(() => sb.close())

async function login(email: string, password = PASSWORD) {
  return accountFor(sb).createEmailPasswordSession({ email, password })
}

describe('login with imported hashes', () => {
  it('argon2 (native argon2 package, argon2i and argon2id)', async () => {
    const hash = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 1024,
      timeCost: 2,
      parallelism: 1,
    })
    const user = await users.createArgon2User('argon2', 'argon2@example.com', hash)
    expect(user).toMatchObject({
      password: hash,
      hash: 'argon2',
      hashOptions: { type: 'argon2', memory_cost: 65536, time_cost: 4, threads: 3 },
    })
    const session = await login('argon2@example.com')
    expect(session).toMatchObject({
      userId: 'argon2',
      provider: 'email',
      providerUid: 'argon2@example.com',
      current: true,
      factors: ['password'],
    })
    // Appwrite's e2e vector (argon2i, m=20).
    await users.createArgon2User(
      'argon2e2e',
      'argon2e2e@example.com',
      '$argon2i$v=19$m=20,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
    )
    await login('argon2e2e@example.com')
  })

  it('bcrypt (bcryptjs, $2a$ and $2b$), rehashed to argon2 after login', async () => {
    const hash = bcryptjs.hashSync(PASSWORD, 4)
    const user = await users.createBcryptUser('bcrypt', 'bcrypt@example.com', hash)
    expect(user).toMatchObject({ password: hash, hash: 'bcrypt', hashOptions: { type: 'bcrypt', cost: 8 } })
    await expectError(login('bcrypt@example.com', 'wrong-password'), 401, 'user_invalid_credentials')
    await login('bcrypt@example.com')
    const rehashed = await users.get('bcrypt')
    expect(rehashed.hash).toBe('argon2')
    expect(rehashed.password).toMatch(/^\$argon2id\$/)
    expect(rehashed.hashOptions).toEqual({ type: 'argon2', memory_cost: 65536, time_cost: 4, threads: 3 })
    await login('bcrypt@example.com')
    await users.createBcryptUser('bcrypt2a', 'bcrypt2a@example.com', hash.replace(/^\$2b\$/, '$2a$'))
    await login('bcrypt2a@example.com')
  })

  it('md5 (node:crypto)', async () => {
    const hash = createHash('md5').update(PASSWORD).digest('hex')
    expect((await users.createMD5User('md5', 'md5@example.com', hash)).hashOptions).toEqual({ type: 'md5' })
    await login('md5@example.com')
  })

  it('sha, every version the hasher supports (node:crypto)', async () => {
    const versions = [
      'sha1',
      'sha224',
      'sha256',
      'sha384',
      'sha512',
      'sha3-224',
      'sha3-256',
      'sha3-384',
      'sha3-512',
    ]
    for (const version of versions) {
      const hash = createHash(version).update(PASSWORD).digest('hex')
      const id = `sha-${version}`
      const user = await users.createSHAUser(id, `${id}@example.com`, hash, version as never)
      expect(user.hashOptions).toEqual({ version })
      await login(`${id}@example.com`)
    }
    const plain = await users.createSHAUser(
      'sha-default',
      'sha-default@example.com',
      createHash('sha256').update(PASSWORD).digest('hex'),
    )
    expect(plain.hashOptions).toEqual({ version: 'sha256' })
    await login('sha-default@example.com')
    // Appwrite accepts sha512/224 as a param but its hasher throws: a bare 500.
    await expectError(
      users.createSHAUser('sha-bad', 'sha-bad@example.com', 'a'.repeat(56), 'sha512/224' as never),
      500,
      'general_unknown',
    )
  })

  it('phpass (Appwrite e2e vector)', async () => {
    const user = await users.createPHPassUser(
      'phpass',
      'phpass@example.com',
      '$P$Br387rwferoKN7uwHZqNMu98q3U8RO.',
    )
    expect(user.hashOptions).toMatchObject({
      type: 'phpass',
      iteration_count_log2: 8,
      portable_hashes: false,
    })
    await login('phpass@example.com')
  })

  it('scrypt (node:crypto) and the Appwrite e2e vector', async () => {
    const salt = randomBytes(8).toString('hex')
    const hash = scryptSync(PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 }).toString('hex')
    const user = await users.createScryptUser('scrypt', 'scrypt@example.com', hash, salt, 1024, 8, 1, 32)
    expect(user.hashOptions).toEqual({
      type: 'scrypt',
      costCpu: 1024,
      costMemory: 8,
      costParallel: 1,
      length: 32,
      salt,
    })
    await login('scrypt@example.com')
    await users.createScryptUser(
      'scrypt-e2e',
      'scrypt-e2e@example.com',
      '3fdef49701bc4cfaacd551fe017283513284b4731e6945c263246ef948d3cf63b5d269c31fd697246085111a428245e24a4ddc6b64c687bc60a8910dbafc1d5b',
      'appwrite',
      16384,
      13,
      2,
      64,
    )
    await login('scrypt-e2e@example.com')
    await expectError(
      users.createScryptUser('scrypt-bad', 'scrypt-bad@example.com', hash, salt, 1000, 8, 1, 32),
      500,
      'general_unknown',
    )
  })

  it('scrypt-modified (Firebase algorithm reproduces the e2e vector)', async () => {
    expect(firebaseScrypt(PASSWORD, FIREBASE.salt, FIREBASE.saltSeparator, FIREBASE.signerKey)).toBe(
      FIREBASE.hash,
    )
    const user = await users.createScryptModifiedUser(
      'scryptmod',
      'scryptmod@example.com',
      FIREBASE.hash,
      FIREBASE.salt,
      FIREBASE.saltSeparator,
      FIREBASE.signerKey,
    )
    expect(user).toMatchObject({
      hash: 'scryptMod',
      hashOptions: {
        type: 'scryptMod',
        ...{ salt: FIREBASE.salt, saltSeparator: FIREBASE.saltSeparator, signerKey: FIREBASE.signerKey },
      },
    })
    await login('scryptmod@example.com')
    // As utopia-php/auth's setters check them: the alphabet only, so "abc" (no padding) is taken, and
    // the user's password simply never matches; a character outside it, or a salt of "0", is a 500.
    const withSalt = (id: string, salt: string) =>
      users.createScryptModifiedUser(
        id,
        `${id}@example.com`,
        FIREBASE.hash,
        salt,
        FIREBASE.saltSeparator,
        FIREBASE.signerKey,
      )
    await expect(withSalt('scryptmod-short', 'abc')).resolves.toMatchObject({ hash: 'scryptMod' })
    await expectError(login('scryptmod-short@example.com'), 401, 'user_invalid_credentials')
    await expectError(withSalt('scryptmod-bad', 'not base64!'), 500, 'general_unknown')
    await expectError(withSalt('scryptmod-zero', '0'), 500, 'general_unknown')
  })

  it('plain passwords, blocked users, cleared passwords and validation', async () => {
    await users.create({ userId: 'plainlogin', email: 'plainlogin@example.com', password: 'plain-password' })
    await login('plainlogin@example.com', 'plain-password')
    await users.updateStatus('plainlogin', false)
    await expectError(login('plainlogin@example.com', 'plain-password'), 403, 'user_blocked')
    await users.updateStatus('plainlogin', true)
    await users.updatePassword('plainlogin', '')
    await expectError(login('plainlogin@example.com', 'plain-password'), 401, 'user_invalid_credentials')
    await expectError(
      login('nobody@example.com'),
      401,
      'user_invalid_credentials',
      'Invalid credentials. Please check the email and password.',
    )
    await expectError(login('nobody@example.com', 'short'), 400, 'general_argument_invalid')
    // The SDK refuses to send a hash user without email; the server says the same.
    const response = await raw(sb, '/users/md5', {
      method: 'POST',
      body: JSON.stringify({ userId: 'nomail', password: 'x'.repeat(32) }),
    })
    expect(await response.json()).toMatchObject({ code: 400, message: 'Param "email" is not optional.' })
  })
})
