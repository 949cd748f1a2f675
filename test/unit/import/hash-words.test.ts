import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashTypeLabels } from '@shared/models/import'
import { parseHashConfig } from '../../../src/host/import/hash-config'
import { tempDir } from '../helpers/temp-dir'
import { environment, fixture, type Env } from './helpers'

describe('an import names hash types in words wherever the window shows them, never by their key', () => {
  let env: Env
  beforeAll(async () => {
    env = await environment(tempDir())
  })
  afterAll(() => env.close())

  const firebasePlan = () => ({
    project: env.project,
    source: { kind: 'file' as const, path: fixture('firebase-users.json') },
    format: 'auto' as const,
    hash: {
      type: 'auto' as const,
      firebase: parseHashConfig(readFileSync(fixture('firebase-hash-config.txt'), 'utf8')),
    },
  })

  it("the password check: the row's hash in words", async () => {
    const plan = firebasePlan()
    const matches = await env.call('import.checkPassword', { plan, row: 1, password: 'user1password' })
    expect(matches.message).toBe(
      "The password matches row 1's Scrypt modified (Firebase) hash: these parameters are right.",
    )
    const wrong = await env.call('import.checkPassword', { plan, row: 1, password: 'not-the-one' })
    expect(wrong.message).toMatch(/^The password does not match row 1's Scrypt modified \(Firebase\) hash\./)
    // The field for scripts keeps its key.
    expect(wrong.hashType).toBe('scryptMod')
  })

  it("the dry run: each row's password in words", async () => {
    const job = await env.call('import.createJob', { plan: firebasePlan(), onExisting: 'fail', skip: [] })
    const preview = await env.call('jobs.preview', { jobId: job.id })
    const passwords = preview.rows.map((r) => r.after?.password)
    expect(passwords).toEqual([
      hashTypeLabels.scryptMod,
      hashTypeLabels.scryptMod,
      hashTypeLabels.scryptMod,
      'none',
    ])
  })

  it('validation: a hash of a length Appwrite refuses is named in words', async () => {
    const path = join(tempDir(), 'short.csv')
    writeFileSync(path, 'email,password\nshort@example.com,abc')
    const validation = await env.call('import.validate', {
      plan: {
        project: env.project,
        source: { kind: 'file', path },
        format: 'csv',
        mapping: { email: 'email', password: 'password' },
        hash: { type: 'md5' },
      },
    })
    const [problem] = validation.problems
    expect(problem?.examples[0]?.message).toBe(
      'The MD5 hash is 3 characters; Appwrite takes 8–256, so it cannot be imported.',
    )
  })
})
