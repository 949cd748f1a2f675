import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client, Users } from 'node-appwrite'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import type { JobView } from '@shared/models/jobs'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

/**
 * A job on a project named by URL keeps that address (never the key), so a later `userdeck` run
 * starts or resumes it with the key named again; each run is a new host, as each CLI command is.
 */
describe('jobs on a project named by --endpoint --project-id --key-env', () => {
  const dataDir = tempDir()
  const key = 'adhoc-jobs-key-0123456789'
  const env = { SCRIPT_KEY: key }
  let sandbox: RunningSandbox
  let users: Users
  let connection: string[]

  beforeAll(async () => {
    sandbox = await startSandbox({ projectId: 'scripted', apiKey: key, seed: 5, quiet: true })
    users = new Users(new Client().setEndpoint(sandbox.url).setProject('scripted').setKey(key))
    connection = ['--endpoint', sandbox.url, '--project-id', 'scripted', '--key-env', 'SCRIPT_KEY']
  })
  afterAll(() => sandbox.close())

  const run = async (...argv: string[]) => {
    const io = captureIo(env)
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, out: io.stdout, err: io.stderr }
  }
  const plan = async (label: string): Promise<JobView> => {
    const planned = await run(
      '--json',
      'labels',
      'add',
      ...connection,
      '--labels',
      label,
      '--all',
      '--dry-run',
    )
    expect(planned.code, planned.err).toBe(0)
    return (JSON.parse(planned.out) as { job: JobView }).job
  }
  const jobFile = (id: string) => join(dataDir, 'jobs', id, 'job.json')
  const labelled = async (label: string) =>
    (await users.list()).users.filter((u) => u.labels.includes(label)).length

  it('keeps the address with the job, never the key', async () => {
    const job = await plan('kept')
    expect(job.connection).toEqual({ endpoint: sandbox.url, projectId: 'scripted' })
    expect(job.project).toMatch(/^adhoc-[0-9a-f]{12}$/)
    // Not stored, it is listed by the ref the list shows for it.
    const listed = await run('--json', 'jobs', 'list', '--project', job.project)
    expect(listed.code, listed.err).toBe(0)
    expect((JSON.parse(listed.out) as JobView[]).map((j) => j.id)).toContain(job.id)
    const stored = readFileSync(jobFile(job.id), 'utf8')
    expect(stored).toContain(sandbox.url)
    expect(stored).not.toContain(key)
  })

  it('a later run starts it with --key-env alone; without it the answer names the flag', async () => {
    const job = await plan('later')
    const keyless = await run('jobs', 'start', job.id)
    expect(keyless.code).toBe(2)
    expect(keyless.err).toContain('--key-env')
    expect(keyless.err).toContain(`scripted at ${sandbox.url}`)
    expect(await labelled('later')).toBe(0)

    const started = await run('jobs', 'start', job.id, '--key-env', 'SCRIPT_KEY')
    expect(started.err).not.toContain('error')
    expect(started.code).toBe(0)
    expect(await labelled('later')).toBe(5)
  })

  it('an interrupted job resumes in a later run with --key-env, or with the same three flags', async () => {
    for (const [label, flags] of [
      ['resumed', ['--key-env', 'SCRIPT_KEY']],
      ['flagged', connection],
    ] as const) {
      const job = await plan(label)
      // As a crash leaves it: marked running by a process that is gone, nothing journaled yet.
      const file = JSON.parse(readFileSync(jobFile(job.id), 'utf8')) as Record<string, unknown>
      writeFileSync(
        jobFile(job.id),
        JSON.stringify({ ...file, state: 'interrupted', startedAt: file.createdAt }),
      )

      const keyless = await run('jobs', 'resume', job.id)
      expect(keyless.code).toBe(2)
      expect(keyless.err).toContain('Add --key-env VAR')

      const resumed = await run('--json', 'jobs', 'resume', job.id, ...flags)
      expect(resumed.code, resumed.err).toBe(0)
      expect(JSON.parse(resumed.out)).toMatchObject({ id: job.id, state: 'completed', counts: { done: 5 } })
      expect(await labelled(label)).toBe(5)
    }
  })

  it('refuses another address than the job’s, and a stored project’s job needs no connection', async () => {
    const job = await plan('elsewhere')
    const other = await run('jobs', 'start', job.id, '--project-id', 'other', '--key-env', 'SCRIPT_KEY')
    expect(other.code).toBe(2)
    expect(other.err).toContain('another project')

    const demoJob = await run('--json', 'labels', 'add', '--labels', 'x', '--all', '--dry-run')
    const demoId = (JSON.parse(demoJob.out) as { job: JobView }).job.id
    const needless = await run('jobs', 'start', demoId, '--key-env', 'SCRIPT_KEY')
    expect(needless.code).toBe(2)
    expect(needless.err).toContain('leave out --endpoint, --project-id and --key-env')
  })

  it("speaks of CLI commands, not of the window, when a job's project is gone", async () => {
    const job = await plan('gone')
    const file = JSON.parse(readFileSync(jobFile(job.id), 'utf8')) as Record<string, unknown>
    const { connection: _dropped, ...stored } = file
    writeFileSync(jobFile(job.id), JSON.stringify({ ...stored, project: 'p_removed' }))
    const gone = await run('jobs', 'start', job.id)
    expect(gone.code).toBe(1)
    // Named as it was when planned, never by an internal id, and in no shell's terms.
    expect(gone.err).toMatch(
      /^error \(not_found\): ".+", the project this job was planned for, has been removed/,
    )
    expect(gone.err).not.toContain('p_removed')
    expect(gone.err).not.toContain('switcher')
  })
})
