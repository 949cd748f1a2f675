import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { Query } from 'node-appwrite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppErrorException } from '@shared/errors'
import type { ImportValidation, ProblemRule } from '@shared/models/import'
import { tempDir } from '../helpers/temp-dir'
import { parseHashConfig } from '../../../src/host/import/hash-config'
import { environment, fixture, runImport, type Env } from './helpers'

const dir = tempDir()

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

async function rejection(promise: Promise<unknown>): Promise<AppErrorException> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppErrorException)
  return err as AppErrorException
}

describe('import validation: every problem with its row, field and rule, before anything is written', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
    await env.users().create({ userId: 'already-here', email: 'taken@example.com', name: 'Existing' })
  })
  afterAll(() => env.close())

  const rows = [
    'id,email,phone,name,password,labels,prefs',
    'good1,good1@example.com,+14155550100,Good One,long-enough-pw,vip,{}', // row 2
    'good2,,,No Email,,,', // row 3: no email, no phone
    'bad3,not-an-email,,Bad Email,,,', // row 4
    'bad4,bad4@example.com,555-1234,Bad Phone,,,', // row 5
    '-bad5,bad5@example.com,,Bad Id,,,', // row 6
    'good1,dupid@example.com,,Dup Id,,,', // row 7
    'bad7,GOOD1@example.com,,Dup Email,,,', // row 8
    'bad8,taken@example.com,,Exists,,,', // row 9
    `bad9,bad9@example.com,,${'n'.repeat(129)},,,`, // row 10
    'bad10,bad10@example.com,,Short Pw,short,,', // row 11
    'bad11,bad11@example.com,,Bad Label,,bad-label,', // row 12
    `bad12,bad12@example.com,,Big Prefs,,,"{""x"":""${'y'.repeat(70000)}""}"`, // row 13
    'bad13,bad13@example.com,,Unknown Hash,$9$notahash$withdollars,,', // row 14
    `good14,good14@example.com,,Good Two,${bcrypt.hashSync('good-two-pw', 4)},,`, // row 15
  ]

  let validation: ImportValidation
  const plan = () => ({
    project: env.project,
    source: { kind: 'file' as const, path: file('problems.csv', rows.join('\n')) },
    format: 'csv' as const,
  })

  it('finds each rule once, on the right row and field', async () => {
    validation = await env.call('import.validate', { plan: plan() })
    const found = Object.fromEntries(
      validation.problems.map((p) => [p.rule, p.examples.map((e) => [e.row, e.field])]),
    )
    expect(found).toEqual({
      email_missing: [[3, 'email']],
      email_invalid: [[4, 'email']],
      phone_invalid: [[5, 'phone']],
      id_invalid: [[6, 'id']],
      id_duplicate: [[7, 'id']],
      email_duplicate: [[8, 'email']],
      email_exists: [[9, 'email']],
      name_too_long: [[10, 'name']],
      password_too_short: [[11, 'password']],
      label_invalid: [[12, 'labels']],
      prefs_too_large: [[13, 'prefs']],
      hash_unknown: [[14, 'password']],
    } satisfies Partial<Record<ProblemRule, unknown>>)
    expect(validation).toMatchObject({ rows: 14, valid: 2, existing: 0 })
    const dup = validation.problems.find((p) => p.rule === 'email_duplicate')!.examples[0]!
    expect(dup.message).toContain('row 2')
    // Advice every source can follow: an export Userdeck maps itself (Supabase…) has no id column to unmap.
    const id = validation.problems.find((p) => p.rule === 'id_invalid')!.examples[0]!
    expect(id.message).toMatch(/ Skip these rows, or, for a CSV or JSON file, unmap the id column /)
  })

  it('refuses to plan the job while a problem class is neither skipped nor fixed, and writes nothing', async () => {
    const before = (await env.users().list({ total: true })).total
    const err = await rejection(
      env.call('import.createJob', { plan: plan(), onExisting: 'skip', skip: ['email_missing'] }),
    )
    expect(err.error.code).toBe('invalid_input')
    expect(err.error.message).toMatch(/Email is not valid \(1\)/)
    expect((await env.users().list({ total: true })).total).toBe(before)
  })

  it('skipping every class imports only the good rows, and the report says why each other row was left out', async () => {
    const skip = validation.problems.map((p) => p.rule)
    const { job, report } = await runImport(env, { plan: plan(), onExisting: 'skip', skip })
    expect(job.counts).toMatchObject({ total: 14, done: 2, skipped: 12, failed: 0 })
    const byKey = new Map(report.map((r) => [r.key, r]))
    expect(byKey.get('4')).toMatchObject({ outcome: 'skipped' })
    expect(byKey.get('4')!.reason).toMatch(/not a valid email/)
    expect(byKey.get('9')!.reason).toMatch(/taken@example.com already belongs to another user/)
    expect((await env.users().get({ userId: 'good1' })).labels).toEqual(['vip'])
    expect((await env.users().list({ total: true })).total).toBe(3)
  })

  it('existing users: skip leaves them, fail fails them, update changes name, labels, prefs and verification', async () => {
    const csv = (name: string) =>
      file(
        `${name}.csv`,
        [
          'id,email,name,labels,prefs,email_verified',
          `good1,good1@example.com,${name},gold,"{""tier"":2}",true`,
        ].join('\n'),
      )
    const plan = (name: string) => ({
      project: env.project,
      source: { kind: 'file' as const, path: csv(name) },
      format: 'csv' as const,
    })
    const skipped = await runImport(env, { plan: plan('Skipped'), onExisting: 'skip', skip: [] })
    expect(skipped.job.counts).toMatchObject({ skipped: 1, done: 0 })
    const failed = await runImport(env, { plan: plan('Failed'), onExisting: 'fail', skip: [] })
    expect(failed.job.counts).toMatchObject({ failed: 1 })
    expect(failed.report[0]!.reason).toMatch(/already in the project/)
    expect((await env.users().get({ userId: 'good1' })).name).toBe('Good One')
    const updated = await runImport(env, { plan: plan('Updated'), onExisting: 'update', skip: [] })
    expect(updated.job.counts).toMatchObject({ done: 1 })
    expect(await env.users().get({ userId: 'good1' })).toMatchObject({
      name: 'Updated',
      labels: ['gold'],
      prefs: { tier: 2 },
      emailVerification: true,
    })
  })

  it('takes a row whose id differs from a user’s only in case for that user, as Appwrite does', async () => {
    await env.users().create({ userId: 'CaseUser', email: 'caseuser@example.com', name: 'Before' })
    const csv = ['id,email,name', 'caseuser,caseuser@example.com,After', 'twin,twin1@example.com,One']
    const plan = {
      project: env.project,
      source: {
        kind: 'file' as const,
        path: file('case.csv', [...csv, 'TWIN,twin2@example.com,Two'].join('\n')),
      },
      format: 'csv' as const,
    }
    const checked: ImportValidation = await env.call('import.validate', { plan })
    expect(checked).toMatchObject({ rows: 3, valid: 2, existing: 1 })
    expect(checked.problems.map((p) => [p.rule, p.examples.map((e) => e.row)])).toEqual([
      ['id_duplicate', [4]],
    ])
    const skipped = await runImport(env, { plan, onExisting: 'skip', skip: ['id_duplicate'] })
    expect(skipped.job.counts).toMatchObject({ total: 3, done: 1, skipped: 2, failed: 0 })
    expect(skipped.report.find((r) => r.key === '2')!.reason).toBe(
      'User CaseUser is already in the project (left as it was).',
    )
    const updated = await runImport(env, { plan, onExisting: 'update', skip: ['id_duplicate'] })
    expect(updated.job.counts).toMatchObject({ total: 3, done: 2, skipped: 1, failed: 0 })
    expect((await env.users().get({ userId: 'CaseUser' })).name).toBe('After')
    const found = await env.users().list({ queries: [Query.equal('$id', ['caseuser', 'twin'])] })
    expect(found.users.map((u) => u.$id).sort()).toEqual(['CaseUser', 'twin'])
  })

  it('the dry run says row by row what would happen, and writes nothing', async () => {
    const path = file(
      'dry.csv',
      ['email,name', 'good1@example.com,Again', 'fresh@example.com,Fresh'].join('\n'),
    )
    const planned = await env.call('import.createJob', {
      plan: {
        project: env.project,
        source: { kind: 'file', path },
        format: 'csv',
        mapping: { email: 'email', name: 'name' },
      },
      onExisting: 'skip',
      skip: ['email_exists'],
    })
    const preview = await env.call('jobs.preview', { jobId: planned.id })
    // good1@example.com belongs to user good1, and this file's row would get another id: skipped.
    expect(preview.rows.map((r) => [r.key, r.action])).toEqual([
      ['2', 'skip'],
      ['3', 'change'],
    ])
    expect((await env.users().list({ queries: [], search: 'fresh' })).total).toBe(0)
  })
  it('the dry run knows which users are already there, asking the project in batches', async () => {
    const rows = [
      'id,email,name',
      'good1,good1@example.com,Again',
      ...Array.from({ length: 150 }, (_, i) => `n${i},n${i}@example.com,N`),
    ]
    const path = file('dry-existing.csv', rows.join('\n'))
    const plan = { project: env.project, source: { kind: 'file' as const, path }, format: 'csv' as const }
    for (const [onExisting, action] of [
      ['skip', 'skip'],
      ['update', 'change'],
      ['fail', 'fail'],
    ] as const) {
      const planned = await env.call('import.createJob', { plan, onExisting, skip: [] })
      const preview = await env.call('jobs.preview', { jobId: planned.id, limit: 1000 })
      expect(preview.rows[0], onExisting).toMatchObject({ key: '2', action })
      expect(preview.counts).toMatchObject({ total: 151, change: action === 'change' ? 151 : 150 })
    }
    expect((await env.users().list({ queries: [], search: 'n149' })).total).toBe(0)
  })

  it('a Firebase row whose salt or hash is not base64 is refused by validation, naming the field', async () => {
    const config = parseHashConfig(readFileSync(fixture('firebase-hash-config.txt'), 'utf8'))
    const exported = JSON.parse(readFileSync(fixture('firebase-users.json'), 'utf8')) as {
      users: { salt?: string; passwordHash?: string }[]
    }
    // Row 1's salt has a character base64 has not; row 2's hash was cut short.
    exported.users[0]!.salt = 'not*base64=='
    exported.users[1]!.passwordHash = exported.users[1]!.passwordHash!.slice(0, -1)
    const validation = await env.call('import.validate', {
      plan: {
        project: env.project,
        source: { kind: 'file' as const, path: file('firebase-broken.json', JSON.stringify(exported)) },
        format: 'firebase' as const,
        hash: { type: 'auto' as const, firebase: config },
      },
    })
    const broken = validation.problems.find((p) => p.rule === 'hash_invalid')
    expect(broken?.examples.map((e) => [e.row, e.field])).toEqual([
      [1, 'salt'],
      [2, 'password'],
    ])
    expect(broken!.examples[0]!.message).toMatch(/^The Firebase salt must be base64 .* skip these rows\.$/)
    expect(broken!.examples[1]!.message).toMatch(/^The Firebase password hash must be base64/)
  })
})

describe('malformed files end with a clear error and nothing written', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  async function expectRefused(
    path: string,
    pattern: RegExp,
    extra: { format?: 'csv' | 'json'; delimiter?: string; inspectReadsOnlyTheStart?: boolean } = {},
  ) {
    const plan = {
      project: env.project,
      source: { kind: 'file' as const, path },
      format: extra.format ?? ('auto' as const),
      ...(extra.delimiter ? { csv: { delimiter: extra.delimiter } } : {}),
    }
    for (const attempt of [
      ...(extra.inspectReadsOnlyTheStart ? [] : [() => env.call('import.inspect', { plan })]),
      () => env.call('import.validate', { plan }),
      () =>
        env.call('import.createJob', { plan, onExisting: 'skip', skip: ['email_missing', 'email_invalid'] }),
    ]) {
      const err = await rejection(attempt())
      expect(err.error.message).toMatch(pattern)
      expect(err.error.message).not.toMatch(/\/tmp|at .*\.ts/)
    }
    expect((await env.users().list({ total: true })).total).toBe(0)
    expect(env.host.services.jobs.list()).toEqual([])
  }

  const good = (n: number) =>
    Array.from({ length: n }, (_, i) => `{"email":"u${i}@example.com","name":"User ${i}"}`)

  it('truncated JSON', async () => {
    const text = `[${good(3000).join(',\n')}`
    // The preview reads only the first rows; validation reads to the end, and stops there.
    await expectRefused(file('truncated.json', text.slice(0, text.length - 40)), /malformed or ends early/, {
      inspectReadsOnlyTheStart: true,
    })
  })

  it('a wrong delimiter chosen for the file', async () => {
    const path = file('semicolons.csv', ['email;name', 'a@example.com;A', 'b@example.com;B'].join('\n'))
    await expectRefused(path, /Choose ";" as the delimiter/, { delimiter: ',' })
  })

  it('binary junk', async () => {
    const junk = Buffer.alloc(200_000)
    for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256
    await expectRefused(file('junk.csv', junk), /not a text file/)
  })

  it('a 50 MB single line', async () => {
    await expectRefused(
      file('one-line.csv', `email,name\n${'x'.repeat(50 * 1024 * 1024)}\n`),
      /Row 2 is longer than 1 MB/,
    )
  })

  it('mixed encodings: valid UTF-8 at first, Latin-1 bytes further on', async () => {
    const start = Buffer.from(
      ['email,name', ...Array.from({ length: 5000 }, (_, i) => `u${i}@example.com,Zoë ${i}`)].join('\n') +
        '\n',
    )
    const latin1 = Buffer.from('late@example.com,Ren\xe9\n', 'latin1')
    await expectRefused(
      file('mixed.csv', Buffer.concat([start, latin1])),
      /Line 5002 \(byte [\d,]+\) is not valid UTF-8 .*mixes text encodings/,
    )
  })

  it('JSON Lines with a broken line', async () => {
    const lines = [...good(50), '{"email":"broken@example.com"', ...good(2)]
    await expectRefused(file('broken.jsonl', lines.join('\n')), /Line 51 is not valid JSON/)
  })
})
