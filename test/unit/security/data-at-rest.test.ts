import { afterAll, describe, expect, it } from 'vitest'
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Channel, Input, Output } from '@shared/contract'
import type { HostInternals } from '../../../src/host/host'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server'
import { tempDir } from '../helpers/temp-dir'
import { keptAsIn } from '../helpers/kept-as'
import { testHost } from '../helpers/test-host'
import { captureIo } from '../helpers/capture-io'
import { runCliPatiently } from '../helpers/run-cli'
import { CliContext } from '../../../src/cli/context'

async function call<C extends Channel>(host: HostInternals, channel: C, input: Input<C>): Promise<Output<C>> {
  const r = await host.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
  return r.value as Output<C>
}

/** Every folder and file under `dir`, with its permission bits. */
function modesUnder(dir: string): { path: string; dir: boolean; mode: number }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    const stat = statSync(path)
    const here = { path, dir: stat.isDirectory(), mode: stat.mode & 0o777 }
    return stat.isDirectory() ? [here, ...modesUnder(path)] : [here]
  })
}

describe.skipIf(process.platform === 'win32')('data at rest', () => {
  let sandbox: RunningSandbox | undefined
  afterAll(async () => {
    await sandbox?.close()
  })

  it('a new data folder (journals, audit log, uploads, demo data) is private to this OS user', async () => {
    // Nested and not yet there, as on a first start: the folder is created by the host itself.
    const dataDir = join(tempDir(), 'fresh', 'Userdeck')
    const host = await testHost({ dataDir })
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700)
      // The demo's data appears when the demo is first used.
      expect((await host.dispatch('users.list', { project: 'demo', limit: 1 })).ok).toBe(true)
      expect(statSync(join(dataDir, 'demo-project')).isDirectory()).toBe(true)
    } finally {
      await host.close()
    }
  })

  it('an existing open folder is made private on start, and every file written in it is 0600', async () => {
    const dataDir = join(tempDir(), 'Userdeck')
    mkdirSync(dataDir, { mode: 0o755 })
    chmodSync(dataDir, 0o755)
    sandbox = await startSandbox({ projectId: 'modes', apiKey: 'modes-key-0123456789', seed: 3, quiet: true })
    const host = await testHost({ dataDir })
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700)
      // The registry and the log.
      await call(host, 'projects.add', {
        name: 'Modes',
        endpoint: sandbox.url,
        projectId: 'modes',
        key: 'modes-key-0123456789',
      })
      // The audit log, a job's journal and file, its report.
      const users = await call(host, 'users.list', { project: 'demo', limit: 2 })
      const ids = users.users.map((u) => u.id)
      await call(host, 'users.update', { project: 'demo', userId: ids[0]!, change: { name: 'Renamed' } })
      const job = await call(host, 'labels.bulk', {
        project: 'demo',
        selection: { ids },
        op: 'add',
        labels: ['private'],
      })
      await call(host, 'jobs.start', { jobId: job.id })
      await host.services.jobs.wait(job.id)
      await call(host, 'jobs.report', { jobId: job.id, format: 'csv' })
      // An upload (which may hold password hashes) and an export.
      const { uploadId } = await call(host, 'import.uploadBegin', { name: 'users.csv', size: 6 })
      await call(host, 'import.uploadChunk', {
        uploadId,
        offset: 0,
        data: Buffer.from('email\n').toString('base64'),
      })
      await call(host, 'users.export', { exportId: 'e1', project: 'demo', format: 'csv', columns: ['id'] })
    } finally {
      await host.close()
    }
    const entries = modesUnder(dataDir)
    const kinds = ['projects.json', 'userdeck.log', 'audit', 'jobs', 'uploads', 'demo-project', 'exports']
    for (const kind of kinds)
      expect(
        entries.some((e) => e.path.includes(kind)),
        kind,
      ).toBe(true)
    const open = entries
      .filter((e) => e.mode !== (e.dir ? 0o700 : 0o600))
      .map((e) => `${e.path.slice(dataDir.length)} ${e.mode.toString(8)}`)
    expect(open).toEqual([])
  })
})

describe('a damaged data folder', () => {
  const CUT = '{"version": 1, "templ'

  /** The files set aside as damaged, by the name they had, with what they held. */
  function setAside(dataDir: string): Record<string, string> {
    return Object.fromEntries(
      readdirSync(dataDir)
        .filter((name) => name.includes('.damaged-'))
        .map((name) => [name.split('.damaged-')[0], readFileSync(join(dataDir, name), 'utf8')]),
    )
  }

  /** A planned job (labels for the demo's first user): its folder and record are on disk. */
  async function plan(host: HostInternals, label: string) {
    const { users } = await call(host, 'users.list', { project: 'demo', limit: 1 })
    return call(host, 'labels.bulk', {
      project: 'demo',
      selection: { ids: users.map((u) => u.id) },
      op: 'add',
      labels: [label],
    })
  }

  it.each([
    ['cut short', { 'projects.json': CUT, 'settings.json': CUT, 'sign-in-links.json': CUT }],
    [
      'JSON of another shape',
      {
        'projects.json': '{"version": 1, "projects": [null]}',
        'settings.json': '[true]',
        'sign-in-links.json': '{"version": 1}',
      },
    ],
  ])('still opens when its files are %s, keeping each aside for the person to recover', async (_, files) => {
    const dataDir = tempDir()
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dataDir, name), text)
    let host = await testHost({ dataDir })
    try {
      expect(await call(host, 'settings.get', {})).toMatchObject({ privacy: false, lastProject: null })
      expect(await call(host, 'signIn.linkTemplate', { project: 'demo' })).toEqual({ template: null })
      expect((await call(host, 'projects.list', {})).map((p) => p.id)).toEqual(['demo'])
      expect(setAside(dataDir)).toEqual(files)
      // Each is named, with where it went, to the window and the CLI, and written to the log.
      const { keptAside } = await call(host, 'app.info', {})
      expect(keptAside.map((f) => f.held).sort()).toEqual([
        'The list of projects',
        'The sign-in link templates',
        "The window's settings",
      ])
      for (const { keptAs } of keptAside)
        expect(readFileSync(keptAs, 'utf8')).toBe(
          files[basename(keptAs).split('.damaged-')[0] as keyof typeof files],
        )
      const logged = readFileSync(join(dataDir, 'logs', 'userdeck.log'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { level: string; message: string; keptAs?: string })
        .filter((line) => line.message === 'damaged data file set aside')
      expect(logged.map((line) => [line.level, line.keptAs]).sort()).toEqual(
        keptAside.map((f) => ['warn', f.keptAs]).sort(),
      )
      // What is set from here on is kept as before.
      await call(host, 'settings.update', { privacy: true })
      await call(host, 'signIn.setLinkTemplate', {
        project: 'demo',
        template: 'https://app.example.com/login?u={userId}&s={secret}',
      })
    } finally {
      await host.close()
    }
    host = await testHost({ dataDir })
    try {
      expect(await call(host, 'settings.get', {})).toMatchObject({ privacy: true })
      expect(await call(host, 'signIn.linkTemplate', { project: 'demo' })).toEqual({
        template: 'https://app.example.com/login?u={userId}&s={secret}',
      })
      // Files read whole this time: nothing new is set aside, and the old ones are not named again.
      expect((await call(host, 'app.info', {})).keptAside).toEqual([])
    } finally {
      await host.close()
    }
  })

  it("sets a job's damaged record aside and names it, keeping the job's folder and the other jobs", async () => {
    const dataDir = tempDir()
    let host = await testHost({ dataDir })
    const [kept, cut, foreign] = [await plan(host, 'a'), await plan(host, 'b'), await plan(host, 'c')]
    await call(host, 'jobs.start', { jobId: cut.id })
    await host.services.jobs.wait(cut.id)
    await host.close()
    const folderOf = (id: string) => join(dataDir, 'jobs', id)
    const damaged = {
      [cut.id]: `{"id": "${cut.id}", "ki`,
      // Whole JSON, but another job's record: not this folder's.
      [foreign.id]: readFileSync(join(folderOf(kept.id), 'job.json'), 'utf8'),
    }
    for (const [id, text] of Object.entries(damaged)) writeFileSync(join(folderOf(id), 'job.json'), text)
    host = await testHost({ dataDir })
    try {
      expect((await call(host, 'jobs.list', {})).map((j) => j.id)).toEqual([kept.id])
      const { keptAside } = await call(host, 'app.info', {})
      expect(keptAside.map((f) => f.held).sort()).toEqual(
        [cut.id, foreign.id].map((id) => `The record of the job ${id}`).sort(),
      )
      for (const { held, keptAs } of keptAside) {
        const id = held.split(' ').at(-1)!
        expect(keptAs.startsWith(join(folderOf(id), 'job.json.damaged-'))).toBe(true)
        expect(readFileSync(keptAs, 'utf8')).toBe(damaged[id])
      }
      // The run's journal stays beside it, for whoever recovers the job.
      expect(readdirSync(folderOf(cut.id))).toContain('journal.jsonl')
    } finally {
      await host.close()
    }
  })

  it('names to an open window a job record found damaged after it started (another process wrote the job)', async () => {
    const dataDir = tempDir()
    const window = await testHost({ dataDir })
    const told: unknown[] = []
    const stop = window.events.subscribe((event, payload) => {
      if (event === 'app.keptAside') told.push(payload)
    })
    try {
      expect((await call(window, 'app.info', {})).keptAside).toEqual([])
      // A job planned by another process on the same data folder (the CLI), then cut short on disk.
      const other = await testHost({ dataDir })
      const { id } = await plan(other, 'a').finally(() => other.close())
      const record = join(dataDir, 'jobs', id, 'job.json')
      writeFileSync(record, readFileSync(record, 'utf8').slice(0, 40))

      expect((await call(window, 'jobs.list', {})).map((j) => j.id)).not.toContain(id)
      expect(told).toHaveLength(1)
      const file = told[0] as { held: string; keptAs: string }
      expect(file.held).toBe(`The record of the job ${id}`)
      expect(file.keptAs).toBe(keptAsIn(join(dataDir, 'jobs', id), 'job.json'))
      expect((await call(window, 'app.info', {})).keptAside).toEqual([file])
      // Named once: the next list does not find it again.
      await call(window, 'jobs.list', {})
      expect(told).toHaveLength(1)
    } finally {
      stop()
      await window.close()
    }
  })

  it('a CLI command says which file it set aside and where, then does its work', async () => {
    const dataDir = tempDir()
    writeFileSync(join(dataDir, 'projects.json'), CUT)
    const io = captureIo()
    const code = await runCliPatiently(['--data-dir', dataDir, '--json', 'projects', 'list'], io)
    expect(code).toBe(0)
    const keptAs = keptAsIn(dataDir, 'projects.json')
    expect(io.stderr).toBe(
      `warning: the list of projects could not be read and was set aside as ${keptAs}; Userdeck goes on without it\n`,
    )
    expect((JSON.parse(io.stdout) as { id: string }[]).map((p) => p.id)).toEqual(['demo'])
  })

  it('a CLI command names a job record it finds damaged part-way, once', async () => {
    const dataDir = tempDir()
    const io = captureIo()
    const ctx = new CliContext(io, () => ({ dataDir }))
    try {
      await ctx.getHost()
      expect(io.stderr).toBe('')
      // Written by another process while the command runs: the command's next list reads it.
      const id = '20261205060000-0a1b2c'
      mkdirSync(join(dataDir, 'jobs', id), { recursive: true })
      writeFileSync(join(dataDir, 'jobs', id, 'job.json'), `{"id": "${id}", "ki`)
      expect(await ctx.call('jobs.list', {})).toEqual([])
      await ctx.call('jobs.list', {})
      const keptAs = keptAsIn(join(dataDir, 'jobs', id), 'job.json')
      expect(io.stderr).toBe(
        `warning: the record of the job ${id} could not be read and was set aside as ${keptAs}; Userdeck goes on without it\n`,
      )
    } finally {
      await ctx.close()
    }
  })

  it('uses only the sign-in link templates the window would have accepted from a file edited by hand', async () => {
    const dataDir = tempDir()
    const good = 'https://app.example.com/login?u={userId}&s={secret}'
    writeFileSync(
      join(dataDir, 'sign-in-links.json'),
      JSON.stringify({
        version: 1,
        templates: { demo: good, other: 'javascript:alert(1)//{userId}{secret}', third: 42 },
      }),
    )
    const host = await testHost({ dataDir })
    try {
      expect(await call(host, 'signIn.linkTemplate', { project: 'demo' })).toEqual({ template: good })
      // The others are never filled in with a token's secret, and the next write leaves them out.
      await call(host, 'signIn.setLinkTemplate', { project: 'demo', template: null })
      const kept = JSON.parse(readFileSync(join(dataDir, 'sign-in-links.json'), 'utf8')) as object
      expect(kept).toEqual({ version: 1, templates: {} })
    } finally {
      await host.close()
    }
  })
})
