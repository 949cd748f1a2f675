import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCliPatiently } from '../helpers/run-cli'
import type { JobPreview, JobView } from '@shared/models/jobs'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

async function cli(dataDir: string, ...args: string[]) {
  const io = captureIo()
  const code = await runCliPatiently(['--data-dir', dataDir, ...args], io)
  return { code, out: io.stdout, err: io.stderr }
}

describe('userdeck labels / sessions / jobs', { timeout: 120_000 }, () => {
  const dataDir = tempDir()

  it('without --yes prints the preview, writes nothing and says how to apply', async () => {
    const r = await cli(
      dataDir,
      'labels',
      'add',
      '--project',
      'demo',
      '--labels',
      'clitag',
      '--search',
      'gmail',
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/to change/)
    expect(r.out).toMatch(/labels=\[.*clitag\]/)
    expect(r.err).toMatch(/Nothing was written\. Re-run with --yes/)
    const overview = await cli(dataDir, '--json', 'labels', 'list', '--project', 'demo', '--refresh')
    expect(
      (JSON.parse(overview.out) as { labels: { label: string }[] }).labels.map((l) => l.label),
    ).not.toContain('clitag')
  })

  it('--dry-run --json gives the job and its preview as JSON', async () => {
    const r = await cli(dataDir, '--json', 'sessions', 'kill', '--project', 'demo', '--all', '--dry-run')
    expect(r.code).toBe(0)
    const { job, preview } = JSON.parse(r.out) as { job: JobView; preview: JobPreview }
    expect(job.kind).toBe('sessions.kill')
    expect(job.state).toBe('planned')
    expect(preview.counts.total).toBe(500)
    // The dry run is a planned job's preview: `jobs list` shows that job, so the run says it is there.
    expect(r.err).toContain(
      `Dry run: nothing was written. The job stays planned; to apply it as previewed: userdeck jobs start ${job.id}`,
    )
  })

  it('--yes runs it; jobs list shows it; the report is saved as CSV', async () => {
    const r = await cli(
      dataDir,
      '--json',
      'labels',
      'add',
      '--project',
      'demo',
      '--labels',
      'clitag',
      '--search',
      'gmail',
      '--yes',
    )
    expect(r.code, r.err).toBe(0)
    const job = JSON.parse(r.out) as JobView
    expect(job.state).toBe('completed')
    expect(job.counts.done).toBeGreaterThan(0)

    const list = await cli(dataDir, 'jobs', 'list')
    expect(list.out).toMatch(new RegExp(`${job.id}\\s+labels\\s+demo\\s+completed`))

    const file = join(dataDir, 'report.csv')
    const report = await cli(dataDir, 'jobs', 'report', job.id, '--format', 'csv', '--out', file)
    expect(report.code).toBe(0)
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    expect(lines[0]).toBe('key,label,outcome,reason')
    expect(lines).toHaveLength(job.counts.total! + 1)
  })

  it('jobs list --project takes the project by name, as every command does, and says so when none has it', async () => {
    const listed = async (...project: string[]) => {
      const r = await cli(dataDir, '--json', 'jobs', 'list', ...project)
      expect(r.code, r.err).toBe(0)
      return (JSON.parse(r.out) as JobView[]).map((j) => j.id)
    }
    const all = await listed()
    expect(all.length).toBeGreaterThan(0)
    expect(await listed('--project', 'demo')).toEqual(all)
    expect(await listed('--project', 'Demo project')).toEqual(all)
    expect(await listed('-p', 'demo PROJECT')).toEqual(all)
    const typo = await cli(dataDir, 'jobs', 'list', '--project', 'Demo projet')
    expect(typo.code).toBe(1)
    expect(typo.out).toBe('')
    expect(typo.err).toContain('No project is named "Demo projet". `userdeck projects list` shows them.')
  })

  it('refuses an ambiguous selection and a bad label with a message that says what to do', async () => {
    const both = await cli(
      dataDir,
      'labels',
      'add',
      '--project',
      'demo',
      '--labels',
      'x',
      '--all',
      '--search',
      'a',
    )
    expect(both.code).toBe(2)
    expect(both.err).toMatch(/one way/)
    const bad = await cli(dataDir, 'labels', 'add', '--project', 'demo', '--labels', 'bad label!', '--all')
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/only letters/)
  })

  it('sessions list counts the sessions of a selection without ending any', async () => {
    const r = await cli(dataDir, '--json', 'sessions', 'list', '--project', 'demo', '--search', 'gmail')
    expect(r.code, r.err).toBe(0)
    const rows = JSON.parse(r.out) as { userId: string; sessions: number }[]
    expect(rows.length).toBeGreaterThan(0)
    const withSessions = rows.find((row) => row.sessions > 0)!
    const one = await cli(
      dataDir,
      '--json',
      'sessions',
      'list',
      '--project',
      'demo',
      '--user',
      withSessions.userId,
    )
    expect((JSON.parse(one.out) as unknown[]).length).toBe(withSessions.sessions)
  })
})
