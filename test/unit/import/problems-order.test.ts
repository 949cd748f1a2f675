import { readFileSync } from 'node:fs'
import type { Users } from 'node-appwrite'
import { describe, expect, it } from 'vitest'
import type { ImportProblem } from '@shared/models/import'
import type { OpenedSource } from '../../../src/host/import/source'
import { saveProblems } from '../../../src/host/import/problems-file'
import { LOOKUP_BATCH } from '../../../src/host/import/server-state'
import { validateSource } from '../../../src/host/import/validator'
import { tempDir } from '../helpers/temp-dir'

/** Resolves after `hops` turns of the event loop: an order among answers without any clock. */
async function turns(hops: number): Promise<void> {
  for (let i = 0; i < hops; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/**
 * A project where every `taken…` email belongs to someone else, whose first lookups answer last: the
 * first batch's two calls (ids and emails) after the later ones.
 */
function slowFirstProject(): Users {
  let calls = 0
  return {
    list: async ({ queries }: { queries: string[] }) => {
      const hops = calls++ < 2 ? 60 : 1
      await turns(hops)
      const equal = queries
        .map((q) => JSON.parse(q) as { method: string; attribute: string; values: string[] })
        .find((q) => q.method === 'equal')!
      const users =
        equal.attribute === 'email'
          ? equal.values
              .filter((e) => e.startsWith('taken'))
              .map((email) => ({ $id: `owner-${email}`, email }))
          : []
      return { total: users.length, users }
    },
  } as unknown as Users
}

/** Rows 2…n+1: every 7th email taken by another user, every 3rd other one invalid, the rest good. */
function source(n: number): OpenedSource {
  return {
    format: 'csv',
    csv: null,
    columns: ['email'],
    notes: [],
    async *records() {
      for (let i = 1; i <= n; i++) {
        const email = i % 7 === 0 ? `taken${i}@example.com` : i % 3 === 0 ? `bad${i}` : `good${i}@example.com`
        yield { row: i + 1, record: { email } }
      }
    },
  }
}

describe('the problems a validation hands on', () => {
  it('come in file order, each once, though the first lookups answer after later ones', async () => {
    const n = LOOKUP_BATCH * 30
    const seen: ImportProblem[] = []
    const validation = await validateSource(
      source(n),
      { email: 'email' },
      { type: 'auto' },
      slowFirstProject(),
      undefined,
      (problem) => seen.push(problem),
    )
    const expected: [number, string][] = []
    for (let i = 1; i <= n; i++) {
      if (i % 7 === 0) expected.push([i + 1, 'email_exists'])
      else if (i % 3 === 0) expected.push([i + 1, 'email_invalid'])
    }
    expect(seen.map((p) => [p.row, p.rule])).toEqual(expected)
    expect(validation.rows - validation.valid).toBe(expected.length)
    expect(Object.fromEntries(validation.problems.map((p) => [p.rule, p.count]))).toEqual({
      email_invalid: expected.filter(([, rule]) => rule === 'email_invalid').length,
      email_exists: expected.filter(([, rule]) => rule === 'email_exists').length,
    })
  })
})

describe('a problems file longer than its text', () => {
  it('keeps every problem in the file and says the text is its first rows', async () => {
    const dataDir = tempDir()
    const file = await saveProblems(
      dataDir,
      'big.csv',
      { email: 'email' },
      (sink) =>
        validateSource(source(LOOKUP_BATCH * 3), { email: 'email' }, { type: 'auto' }, null, undefined, sink),
      { textRows: 10 },
    )
    const whole = readFileSync(file.path, 'utf8').trimEnd().split('\n')
    // With no project to look in, only the invalid emails: every 3rd row but the 7th ones.
    expect(whole).toHaveLength(1 + 86)
    expect(file.rows).toBe(86)
    expect(file).toMatchObject({ truncated: true, filename: 'big-problems.csv' })
    expect(file.text.trimEnd().split('\n')).toEqual(whole.slice(0, 11))
  })
})
