import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import bcrypt from 'bcryptjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Input } from '@shared/contract'
import type { OnExisting, ProblemRule } from '@shared/models/import'
import type { ReportRow, RowPreview } from '@shared/models/jobs'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from './helpers'

const HASH = bcrypt.hashSync('hashed-password', 4)

/** One row per problem class the file can have, rows whose id, email or phone the project holds, and good rows. */
const ROWS = [
  'id,email,phone,name,password,labels,prefs',
  'ok1,ok1@example.com,+14155550101,OK One,long-enough-pw,vip,', // 2 create (plaintext, phone)
  `ok2,ok2@example.com,,OK Two,${HASH},,`, // 3 create (bcrypt)
  `ok3,ok3@example.com,+14155550103,OK Three,${HASH},,`, // 4 create (bcrypt, phone set after)
  'nocontact,,,No Contact,,,', // 5 email_missing
  'badmail,not-an-email,,Bad Email,,,', // 6 email_invalid
  'badphone,badphone@example.com,555-1234,Bad Phone,,,', // 7 phone_invalid
  '-badid,badid@example.com,,Bad Id,,,', // 8 id_invalid
  'ok1,dupid@example.com,,Dup Id,,,', // 9 id_duplicate
  'dupmail,OK1@example.com,,Dup Email,,,', // 10 email_duplicate
  'dupphone,dupphone@example.com,+14155550101,Dup Phone,,,', // 11 phone_duplicate
  'mailtaken,taken@example.com,,Email Exists,,,', // 12 email_exists
  'phonetaken,phonetaken@example.com,+14155550199,Phone Exists,,,', // 13 phone_exists
  'here,here@example.com,,Id Exists,,,', // 14 id already in the project
  `longname,longname@example.com,,${'n'.repeat(129)},,,`, // 15 name_too_long
  'shortpw,shortpw@example.com,,Short Pw,short,,', // 16 password_too_short
  'phonepw,,+14155550160,Phone Pw,long-enough-pw,,', // 17 password_missing_email
  'badlabel,badlabel@example.com,,Bad Label,,bad-label,', // 18 label_invalid
  `bigprefs,bigprefs@example.com,,Big Prefs,,,"{""x"":""${'y'.repeat(70000)}""}"`, // 19 prefs_too_large
  'badhash,badhash@example.com,,Bad Hash,$9$notahash$withdollars,,', // 20 hash_unknown
  'ok4,ok4@example.com,+14155550104,OK Four,,,', // 21 create (no password)
  'ok5,ok5@example.com,,OK Five,,,', // 22 create
  'ok6,ok6@example.com,+14155550106,OK Six,,,', // 23 create
  `ok7,ok7@example.com,+14155550107,OK Seven,${HASH},,`, // 24 create (bcrypt, phone set after)
  'ok8,ok8@example.com,,OK Eight,,,', // 25 skipped: its email belongs to user "holder"
]

const expectedRules: ProblemRule[] = [
  'email_missing',
  'email_invalid',
  'phone_invalid',
  'id_invalid',
  'id_duplicate',
  'email_duplicate',
  'phone_duplicate',
  'email_exists',
  'phone_exists',
  'name_too_long',
  'password_too_short',
  'password_missing_email',
  'label_invalid',
  'prefs_too_large',
  'hash_unknown',
]

const outcomeOf: Record<RowPreview['action'], ReportRow['outcome']> = {
  change: 'done',
  skip: 'skipped',
  fail: 'failed',
}

describe('the import dry run decides each row as the import does', () => {
  let env: Env
  let dir: string
  beforeEach(async () => {
    dir = tempDir()
    env = await environment(join(dir, 'data'))
    const users = env.users()
    await users.create({ userId: 'holder', email: 'taken@example.com', name: 'Holder' })
    await users.create({ userId: 'phoneholder', phone: '+14155550199', name: 'Phone Holder' })
    await users.create({ userId: 'here', email: 'here-already@example.com', name: 'Here' })
    await users.create({ userId: 'holder8', email: 'ok8@example.com', name: 'Holder of ok8' })
  })
  afterEach(() => env.close())

  const plan = (): Input<'import.createJob'>['plan'] => {
    const path = join(dir, 'every-problem.csv')
    writeFileSync(path, ROWS.join('\n'))
    return { project: env.project, source: { kind: 'file', path }, format: 'csv' }
  }

  /** Validates, plans with every class skipped, and reads the whole dry run. */
  async function planAndPreview(onExisting: OnExisting) {
    const validation = await env.call('import.validate', { plan: plan() })
    const skip = validation.problems.map((p) => p.rule)
    const job = await env.call('import.createJob', { plan: plan(), onExisting, skip })
    const preview = await env.call('jobs.preview', { jobId: job.id, limit: 1000 })
    return { validation, job, preview }
  }

  async function run(jobId: string) {
    await env.call('jobs.start', { jobId })
    const finished = await env.host.services.jobs.wait(jobId)
    const report = await env.host.services.jobs.report(jobId)
    return { finished, byKey: new Map(report.map((r) => [r.key, r])) }
  }

  it('finds every problem class, phones included, each on its row', async () => {
    const validation = await env.call('import.validate', { plan: plan() })
    expect(validation.problems.map((p) => p.rule).sort()).toEqual([...expectedRules].sort())
    const rowsOf = Object.fromEntries(validation.problems.map((p) => [p.rule, p.examples.map((e) => e.row)]))
    expect(rowsOf).toMatchObject({
      phone_duplicate: [11],
      phone_exists: [13],
      email_exists: [12, 25],
    })
    const phoneExists = validation.problems.find((p) => p.rule === 'phone_exists')!.examples[0]!
    expect(phoneExists).toMatchObject({ field: 'phone' })
    expect(phoneExists.message).toBe(
      '+14155550199 already belongs to another user in the project (phoneholder).',
    )
    expect(validation.existing).toBe(1)
  })

  for (const onExisting of ['skip', 'fail', 'update'] as const) {
    it(`on existing users "${onExisting}": every row ends as its dry run said, with the same reason`, async () => {
      const { job, preview } = await planAndPreview(onExisting)
      expect(preview.truncated).toBe(false)
      expect(preview.rows).toHaveLength(ROWS.length - 1)
      const { finished, byKey } = await run(job.id)
      expect(finished.counts).toEqual({
        total: preview.counts.total,
        done: preview.counts.change,
        skipped: preview.counts.skip,
        failed: preview.counts.fail,
      })
      for (const row of preview.rows) {
        const ended = byKey.get(row.key)!
        expect(ended.outcome, `row ${row.key}: ${row.reason}`).toBe(outcomeOf[row.action])
        if (row.action !== 'change') expect(ended.reason, `row ${row.key}`).toBe(row.reason)
      }
      // What the classes decide, spelled out: a Skip choice for a class on the server is honoured.
      const action = (key: string) => preview.rows.find((r) => r.key === key)!.action
      for (const key of ['2', '3', '4', '21', '22', '23', '24']) expect(action(key)).toBe('change')
      for (const key of ['12', '13', '25']) expect(action(key)).toBe('skip')
      expect(action('14')).toBe({ skip: 'skip', fail: 'fail', update: 'change' }[onExisting])
      expect(byKey.get('13')!.reason).toMatch(/\+14155550199 already belongs to another user/)
      const users = env.users()
      expect((await users.get({ userId: 'ok3' })).phone).toBe('+14155550103')
      expect((await users.get({ userId: 'phoneholder' })).phone).toBe('+14155550199')
      expect((await users.list({ total: true })).total).toBe(4 + 7)
    })
  }

  it('when the project changes between the dry run and the import, the report names the rows and what changed', async () => {
    const { job, preview } = await planAndPreview('fail')
    const said = new Map(preview.rows.map((r) => [r.key, r]))
    expect(['2', '22', '23', '24', '25'].map((k) => said.get(k)!.action)).toEqual([
      'change',
      'change',
      'change',
      'change',
      'skip',
    ])

    // Someone else, after the dry run: creates user ok5, takes ok1's email and ok6's and ok7's phones,
    // and deletes the user whose email row 25 carried.
    const users = env.users()
    await users.create({ userId: 'ok5', email: 'someone-else@example.com', name: 'Not from the file' })
    await users.create({ userId: 'other1', email: 'ok1@example.com', name: 'Other' })
    await users.create({ userId: 'other6', phone: '+14155550106', name: 'Other 6' })
    await users.create({ userId: 'other7', phone: '+14155550107', name: 'Other 7' })
    await users.delete({ userId: 'holder8' })

    const { byKey } = await run(job.id)
    const changed = ['2', '22', '23', '24', '25']
    expect(byKey.get('22')).toMatchObject({ outcome: 'failed' })
    expect(byKey.get('22')!.reason).toBe(
      'User ok5 is already in the project. The dry run would create it; user ok5 was created by someone else after the dry run.',
    )
    expect(byKey.get('2')).toMatchObject({ outcome: 'skipped' })
    expect(byKey.get('2')!.reason).toBe(
      'ok1@example.com already belongs to another user in the project (other1). The dry run would create it; ok1@example.com was given to another user after the dry run.',
    )
    expect(byKey.get('23')).toMatchObject({ outcome: 'skipped' })
    expect(byKey.get('23')!.reason).toMatch(
      /^\+14155550106 already belongs to another user in the project \(other6\)\. The dry run would create it; \+14155550106 was given to another user after the dry run\.$/,
    )
    // A hashed password is created without the phone, which is set after: the row says what was done.
    expect(byKey.get('24')).toMatchObject({ outcome: 'failed' })
    expect(byKey.get('24')!.reason).toBe(
      'Created without its phone: +14155550107 already belongs to another user in the project (other7).',
    )
    expect(byKey.get('25')).toMatchObject({ outcome: 'done' })
    expect(byKey.get('25')!.reason).toMatch(
      /^Created user ok8\. The dry run would skip it; what stood in its way then/,
    )
    expect((await users.get({ userId: 'ok8' })).email).toBe('ok8@example.com')

    // Every other row ended as the dry run said.
    for (const row of preview.rows.filter((r) => !changed.includes(r.key)))
      expect(byKey.get(row.key)!.outcome, `row ${row.key}`).toBe(outcomeOf[row.action])
  })
})

describe('the import dry run over a long file', () => {
  it('asks the server about its rows a full batch of 100 to a call, not a few dozen', async () => {
    const dir = tempDir()
    const env = await environment(join(dir, 'data'))
    try {
      const rows = 3000
      const path = join(dir, 'long.csv')
      const lines = Array.from({ length: rows }, (_, i) => `long${i},long${i}@example.com,Person ${i}`)
      writeFileSync(path, ['id,email,name', ...lines].join('\n'))
      await env.users().create({ userId: 'long7', email: 'long7@example.com', name: 'Here' })
      const job = await env.call('import.createJob', {
        plan: { project: env.project, source: { kind: 'file', path }, format: 'csv' },
        onExisting: 'skip',
        skip: [],
      })
      // The sandbox sees each list call the dry run makes; none is held.
      let lists = 0
      env.sandbox.hold({
        after: Number.MAX_SAFE_INTEGER,
        match: ({ method, path }) => {
          if (method === 'GET' && /\/users$/.test(path)) lists++
          return false
        },
      })
      const preview = await env.call('jobs.preview', { jobId: job.id, limit: 10 })
      expect(preview.counts).toMatchObject({ total: rows, change: rows - 1, skip: 1 })
      // Two fields a row (id and email), 30 batches of 100. A preview of 32 rows at once made about
      // 190 calls; some batches come out short as the preview's concurrency grows, so allow a few.
      expect(lists).toBeGreaterThanOrEqual(2 * (rows / 100))
      expect(lists).toBeLessThanOrEqual(2 * (rows / 100) + 20)
    } finally {
      await env.close()
    }
  })
})
