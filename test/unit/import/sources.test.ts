import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseHashConfig } from '../../../src/host/import/hash-config'
import { tempDir } from '../helpers/temp-dir'
import { environment, fixture, login, runImport, type Env } from './helpers'

const logins = JSON.parse(readFileSync(fixture('logins.json'), 'utf8')) as Record<string, string>
const loginsFor = (domain: string) => Object.entries(logins).filter(([email]) => email.endsWith(domain))

/**
 * Every source and every hash type goes into one sandbox project through the real job engine, and
 * then each person logs in with their original password, as they would after the move.
 */
describe('import: every source and hash type, proven by logging in', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  async function expectLogins(domain: string, expected: number) {
    const people = loginsFor(domain)
    expect(people).toHaveLength(expected)
    const results = await Promise.all(
      people.map(async ([email, pw]) => [email, await login(env.sandbox, email, pw)]),
    )
    expect(results.filter(([, ok]) => !ok)).toEqual([])
  }

  it('Appwrite users JSON: argon2 (id and i), bcrypt, md5, phpass, sha (9 versions), scrypt, scrypt-modified', async () => {
    const { job, report } = await runImport(env, {
      plan: {
        project: env.project,
        source: { kind: 'file', path: fixture('appwrite-users.json') },
        format: 'auto',
      },
      onExisting: 'fail',
      skip: [],
    })
    expect(job.state).toBe('completed')
    expect(job.counts).toMatchObject({ total: 16, done: 16, failed: 0, skipped: 0 })
    expect(report.every((r) => r.outcome === 'done')).toBe(true)
    const blocked = await env.users().get({ userId: 'aw-scrypt' })
    expect(blocked).toMatchObject({ status: false, labels: ['blocked'], hash: 'scrypt' })
    const vip = await env.users().get({ userId: 'aw-argon2' })
    expect(vip).toMatchObject({ labels: ['vip', 'beta'], prefs: { theme: 'dark' }, emailVerification: true })
    const sha = await env.users().get({ userId: 'aw-sha3-384' })
    expect(sha.hashOptions).toEqual({ version: 'sha3-384' })
    // The blocked user's password is right, but Appwrite refuses blocked users: log in the others.
    const active = loginsFor('@appwrite.example').filter(([email]) => !email.startsWith('aw-scrypt@'))
    for (const [email, pw] of active) expect(await login(env.sandbox, email, pw), email).toBe(true)
  })

  it('Excel CSV (BOM, semicolons, quotes): hash types detected from the text, plaintext by column', async () => {
    const inspection = await env.call('import.inspect', {
      plan: {
        project: env.project,
        source: { kind: 'file', path: fixture('excel-users.csv') },
        format: 'auto',
      },
    })
    expect(inspection.format).toBe('csv')
    expect(inspection.csv).toMatchObject({ delimiter: ';', header: true })
    expect(inspection.mapping).toMatchObject({
      id: 'id',
      email: 'email',
      password: 'password',
      hashType: 'hash_type',
    })
    expect(new Set(inspection.detectedHashes.map((h) => h.type))).toEqual(
      new Set(['argon2', 'bcrypt', 'md5', 'phpass', 'plaintext', 'sha']),
    )
    expect(inspection.detectedHashes.find((h) => h.shaVersion === 'sha512')?.rows).toBe(1)
    expect(inspection.preview[1]?.name).toBe('Zoë "Quoted"; Name')
    const { job } = await runImport(env, {
      plan: {
        project: env.project,
        source: { kind: 'file', path: fixture('excel-users.csv') },
        format: 'auto',
      },
      onExisting: 'fail',
      skip: [],
    })
    expect(job.counts).toMatchObject({ total: 10, done: 10, failed: 0 })
    expect(await env.users().get({ userId: 'csv-bcrypt' })).toMatchObject({
      labels: ['vip', 'paid'],
      prefs: { lang: 'fr' },
      emailVerification: true,
    })
    expect((await env.users().get({ userId: 'csv-md5' })).phone).toBe('+14155550123')
    await expectLogins('@csv.example', 10)
  })

  it('Firebase JSON export with the console hash_config block: scrypt-modified', async () => {
    const firebase = parseHashConfig(readFileSync(fixture('firebase-hash-config.txt'), 'utf8'))
    const plan = {
      project: env.project,
      source: { kind: 'file' as const, path: fixture('firebase-users.json') },
      format: 'auto' as const,
      hash: { type: 'auto' as const, firebase },
    }
    const inspection = await env.call('import.inspect', { plan })
    expect(inspection.format).toBe('firebase')
    const check = await env.call('import.checkPassword', { plan, row: 1, password: 'user1password' })
    expect(check).toMatchObject({ ok: true, hashType: 'scryptMod' })
    const { job } = await runImport(env, { plan, onExisting: 'fail', skip: [] })
    expect(job.counts).toMatchObject({ total: 4, done: 4, failed: 0 })
    const disabled = await env.users().get({ userId: 'fbUid3AbCdEfGhIjKlMnOpQrStUv' })
    expect(disabled.status).toBe(false)
    for (const [email, pw] of loginsFor('@firebase.example').filter(([e]) => e !== 'fb3@firebase.example'))
      expect(await login(env.sandbox, email, pw), email).toBe(true)
  })

  it('Firebase CSV export (no header) into a second project is recognised by its columns', async () => {
    const second = await environment(tempDir())
    try {
      const firebase = parseHashConfig(readFileSync(fixture('firebase-hash-config.txt'), 'utf8'))
      const plan = {
        project: second.project,
        source: { kind: 'file' as const, path: fixture('firebase-users.csv') },
        format: 'auto' as const,
        hash: { type: 'auto' as const, firebase },
      }
      expect((await second.call('import.inspect', { plan })).format).toBe('firebase')
      const { job } = await runImport(second, { plan, onExisting: 'fail', skip: [] })
      expect(job.counts).toMatchObject({ total: 4, done: 4, failed: 0 })
      expect((await second.users().get({ userId: 'fbUid2AbCdEfGhIjKlMnOpQrStUv' })).phone).toBe(
        '+447700900123',
      )
      expect(await login(second.sandbox, 'fb1@firebase.example', 'user1password')).toBe(true)
      expect(await login(second.sandbox, 'fb2@firebase.example', 'firebase-second-pw')).toBe(true)
    } finally {
      await second.close()
    }
  })

  it('wrong Firebase parameters are caught by the password check before anything is imported', async () => {
    const plan = {
      project: env.project,
      source: { kind: 'file' as const, path: fixture('firebase-users.json') },
      format: 'firebase' as const,
      hash: {
        type: 'auto' as const,
        firebase: { signerKey: 'AAAAAAAAAAAAAAAAAAAAAA==', saltSeparator: 'Bw==', rounds: 8, memCost: 14 },
      },
    }
    const check = await env.call('import.checkPassword', { plan, row: 1, password: 'user1password' })
    expect(check.ok).toBe(false)
    expect(check.message).toMatch(/hash config/)
  })

  it('Auth0 NDJSON: bcrypt where present, provider prefix dropped from ids, metadata as prefs', async () => {
    const { job } = await runImport(env, {
      plan: {
        project: env.project,
        source: { kind: 'file', path: fixture('auth0-users.ndjson') },
        format: 'auto',
      },
      onExisting: 'fail',
      skip: [],
    })
    expect(job.counts).toMatchObject({ total: 3, done: 3, failed: 0 })
    const first = await env.users().get({ userId: '60425da93519d90068f82961' })
    expect(first).toMatchObject({ prefs: { plan: 'pro' }, emailVerification: true, hash: 'bcrypt' })
    const none = await env.users().get({ userId: '60425da93519d90068f82963' })
    expect(none.password ?? '').toBe('')
    await expectLogins('@auth0.example', 2)
  })

  it('Supabase auth.users as CSV and as JSON: bcrypt, confirmations, phone with "+"', async () => {
    for (const file of ['supabase-users.csv', 'supabase-users.json']) {
      const plan = {
        project: env.project,
        source: { kind: 'file' as const, path: fixture(file) },
        format: 'auto' as const,
      }
      expect((await env.call('import.inspect', { plan })).format).toBe('supabase')
      const { job } = await runImport(env, { plan, onExisting: 'fail', skip: [] })
      expect(job.counts, file).toMatchObject({ total: 3, done: 3, failed: 0 })
    }
    const second = await env.users().get({ userId: '5b2c9a1e-0000-4000-8000-000000000002' })
    expect(second).toMatchObject({ phone: '+15005550006', name: 'Supabase User 2' })
    expect(
      (await env.users().get({ userId: '5b2c9a1e-0000-4000-8000-000000000001' })).emailVerification,
    ).toBe(true)
    await expectLogins('@supabase.example', 4)
  })

  it('another Appwrite project: hashes, hash options, labels, prefs and status survive', async () => {
    const target = await environment(tempDir())
    try {
      const source = await target.call('projects.add', {
        name: 'Source',
        endpoint: env.sandbox.url,
        projectId: 'import-target',
        key: 'import-test-key',
      })
      const { job } = await runImport(target, {
        plan: { project: target.project, source: { kind: 'project', project: source.id }, format: 'auto' },
        onExisting: 'fail',
        skip: [],
      })
      const total = (await env.users().list({ queries: [], total: true })).total
      expect(job.counts).toMatchObject({ total, done: total, failed: 0 })
      expect(await target.users().get({ userId: 'aw-scrypt' })).toMatchObject({
        status: false,
        labels: ['blocked'],
      })
      expect(await target.users().get({ userId: 'csv-bcrypt' })).toMatchObject({ prefs: { lang: 'fr' } })
      // Users that logged in on the source were re-hashed to argon2 there; either way the password works.
      expect(await login(target.sandbox, 'aw-sha3-512@appwrite.example', 'sha3-512-secret')).toBe(true)
      expect(await login(target.sandbox, 'csv-phpass@csv.example', 'test12345')).toBe(true)
      expect(await login(target.sandbox, 'fb2@firebase.example', 'firebase-second-pw')).toBe(true)
    } finally {
      await target.close()
    }
  })
})
