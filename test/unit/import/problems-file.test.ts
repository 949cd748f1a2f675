import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROBLEM_COLUMNS } from '@shared/models/import'
import { AppErrorException } from '@shared/errors'
import { tempDir } from '../helpers/temp-dir'
import { environment, type Env } from './helpers'

/**
 * 1,500 rows: 1,200 bad emails, 30 emails other users of the project hold (found by the lookups, which
 * answer out of order), the rest good. Every 50th row is one of the taken, every 5th other one good.
 */
function people(): { csv: string; bad: number[]; taken: number[]; good: number[] } {
  const lines = ['id,email,phone,name']
  const bad: number[] = []
  const taken: number[] = []
  const good: number[] = []
  for (let i = 1; i <= 1500; i++) {
    const row = i + 1
    if (i % 50 === 0) {
      lines.push(`u${i},taken${i}@example.com,,Taken ${i}`)
      taken.push(row)
    } else if (i % 5 === 0) {
      lines.push(`u${i},good${i}@example.com,,Good ${i}`)
      good.push(row)
    } else {
      lines.push(`u${i},bad${i}-at-example.com,,Bad ${i}`)
      bad.push(row)
    }
  }
  return { csv: lines.join('\n') + '\n', bad, taken, good }
}

describe('import.saveProblems: every row with a problem, as a CSV', () => {
  let env: Env
  let dataDir: string
  beforeAll(async () => {
    dataDir = tempDir()
    env = await environment(dataDir)
    for (let i = 50; i <= 1500; i += 50)
      await env.users().create({ userId: `owner${i}`, email: `taken${i}@example.com` })
  })
  afterAll(() => env.close())

  const planFor = (path: string) => ({
    project: env.project,
    source: { kind: 'file' as const, path },
    format: 'csv' as const,
  })

  it('lists each of 1,230 problems once, in file order, with its row, and no valid row', async () => {
    const { csv, bad, taken, good } = people()
    const path = join(tempDir(), 'people.csv')
    writeFileSync(path, csv)
    const file = await env.call('import.saveProblems', { plan: planFor(path) })
    expect(bad).toHaveLength(1200)
    expect(file).toMatchObject({
      format: 'csv',
      filename: 'people-problems.csv',
      rows: 1230,
      truncated: false,
    })
    expect(file.path.startsWith(join(dataDir, 'imports', 'problems'))).toBe(true)
    expect(readFileSync(file.path, 'utf8')).toBe(file.text)

    const [head, ...records] = parse(file.text) as string[][]
    expect(head).toEqual([...PROBLEM_COLUMNS])
    expect(records.map((r) => Number(r[0]))).toEqual([...bad, ...taken].sort((a, b) => a - b))
    const byRow = new Map(records.map((r) => [Number(r[0]), r]))
    expect(byRow.get(2)).toEqual([
      '2',
      'email_invalid',
      'email',
      '"bad1-at-example.com" is not a valid email address.',
      'u1',
      'bad1-at-example.com',
      '',
    ])
    expect(byRow.get(51)).toEqual([
      '51',
      'email_exists',
      'email',
      'taken50@example.com already belongs to another user in the project (owner50).',
      'u50',
      'taken50@example.com',
      '',
    ])
    for (const row of good) expect(byRow.has(row)).toBe(false)

    // The counts agree with the validation the step shows.
    const validation = await env.call('import.validate', { plan: planFor(path) })
    expect(validation.rows - validation.valid).toBe(1230)
  })

  it('quotes a value with a comma or a quote, and keeps a formula from running', async () => {
    const path = join(tempDir(), 'odd, names.csv')
    writeFileSync(path, 'id,email,name\nu1,"a,b""c",Odd\nu2,=1+2,Formula\nu3,ok@example.com,Fine\n')
    const file = await env.call('import.saveProblems', { plan: planFor(path) })
    expect(file.filename).toBe('odd-names-problems.csv')
    expect(file.text.split('\n')).toEqual([
      PROBLEM_COLUMNS.join(','),
      `2,email_invalid,email,"""a,b""c"" is not a valid email address.",u1,"a,b""c",`,
      `3,email_invalid,email,"""=1+2"" is not a valid email address.",u2,"'=1+2",`,
      '',
    ])
    const [, odd, formula] = parse(file.text) as string[][]
    expect(odd![5]).toBe('a,b"c')
    expect(formula![5]).toBe("'=1+2")
  })

  it('stopped, answers cancelled and leaves no file of its own: an earlier whole one stays as it was', async () => {
    const path = join(tempDir(), 'stopped.csv')
    writeFileSync(path, people().csv)
    const earlier = await env.call('import.saveProblems', { plan: planFor(path) })
    const whole = readFileSync(earlier.path, 'utf8')
    // Two lookups answer, the third is held: the save is under way, its file half written, when stopped.
    const hold = env.sandbox.hold({
      after: 2,
      match: ({ method, path }) => method === 'GET' && /\/users$/.test(path),
    })
    const saving = env.call('import.saveProblems', { plan: planFor(path), progressId: 'save-1' }).then(
      () => 'finished',
      (err: unknown) => (err instanceof AppErrorException ? err.error.code : String(err)),
    )
    await hold.reached(1)
    try {
      expect(await env.call('import.stopReading', { progressId: 'save-1' })).toEqual({ stopped: true })
    } finally {
      // Let go whatever happened: a lookup held would keep the next test waiting.
      hold.release()
    }
    expect(await saving).toBe('cancelled')
    expect(readFileSync(earlier.path, 'utf8')).toBe(whole)
    expect(readdirSync(join(dataDir, 'imports', 'problems')).filter((f) => f.endsWith('.tmp'))).toEqual([])
    // Ended, it is stopped no more.
    expect(await env.call('import.stopReading', { progressId: 'save-1' })).toEqual({ stopped: false })
  })

  it('is a header alone for a file with no problem', async () => {
    const path = join(tempDir(), 'fine.csv')
    writeFileSync(path, 'email,name\nfine@example.com,Fine\n')
    const file = await env.call('import.saveProblems', { plan: planFor(path) })
    expect(file).toMatchObject({ rows: 0, truncated: false, text: PROBLEM_COLUMNS.join(',') + '\n' })
  })
})
