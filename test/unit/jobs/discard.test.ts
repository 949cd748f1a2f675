import { afterEach, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { call, hostWithSandbox, type Bench } from './harness'

const open: { close(): Promise<void> }[] = []
afterEach(async () => {
  for (const closable of open.splice(0).reverse()) await closable.close()
})

async function bench(seed: number): Promise<Bench & { dataDir: string }> {
  const dataDir = join(tempDir(), 'data')
  const made = await hostWithSandbox({ dataDir, seed })
  open.push(made)
  return { ...made, dataDir }
}

/** A second host on the same data folder, as the window beside the CLI. */
async function hostOn(dataDir: string): Promise<HostInternals> {
  const host = await createHostInternals({
    dataDir,
    shell: 'cli',
    secrets: new MemorySecretStore(),
    demo: false,
  })
  open.push(host)
  return host
}

function plan(b: Bench, label = 'discarded') {
  return call(b.host, 'labels.bulk', {
    project: b.project,
    selection: { all: true },
    op: 'add',
    labels: [label],
  })
}

/** Every event a host tells from now on about one job: its kind, and its state where it has one. */
function eventsOf(host: HostInternals, jobId: string): string[] {
  const seen: string[] = []
  host.events.subscribe((event, payload) => {
    const p = payload as { id?: string; jobId?: string; state?: string }
    if (p.id === jobId || p.jobId === jobId) seen.push(p.state ? `${event}:${p.state}` : event)
  })
  return seen
}

describe('discarding a planned job', { timeout: 120_000 }, () => {
  it('removes it, folder and all, and tells the window; nothing was written on the server', async () => {
    const b = await bench(12)
    const job = await plan(b)
    expect((await call(b.host, 'jobs.preview', { jobId: job.id })).counts.change).toBe(12)
    const folder = join(b.dataDir, 'jobs', job.id)
    expect(existsSync(join(folder, 'job.json'))).toBe(true)
    const events = eventsOf(b.host, job.id)

    expect(await call(b.host, 'jobs.discard', { jobId: job.id })).toEqual({ discarded: job.id })
    expect(existsSync(folder)).toBe(false)
    expect(events).toEqual(['jobs.removed'])
    expect((await call(b.host, 'jobs.list', {})).map((j) => j.id)).not.toContain(job.id)
    await expect(call(b.host, 'jobs.get', { jobId: job.id })).rejects.toThrow(/not_found: No job/)
    // No user was labelled: a plan writes nothing, and discarding it writes nothing either.
    const users = await call(b.host, 'users.list', { project: b.project, limit: 100 })
    expect(users.users.filter((u) => u.labels.includes('discarded'))).toEqual([])
  })

  it('refuses a job that ran, whose journal and report are the record of what it did', async () => {
    const b = await bench(5)
    const job = await plan(b, 'kept')
    await call(b.host, 'jobs.start', { jobId: job.id })
    expect((await b.host.services.jobs.wait(job.id)).state).toBe('completed')

    await expect(call(b.host, 'jobs.discard', { jobId: job.id })).rejects.toThrow(
      /conflict: This job is completed; only a planned job, which has written nothing, can be discarded/,
    )
    expect(existsSync(join(b.dataDir, 'jobs', job.id, 'journal.jsonl'))).toBe(true)
    expect((await call(b.host, 'jobs.get', { jobId: job.id })).counts.done).toBe(5)
  })

  it('stops a dry run still being worked out, and lets its reads end before the folder goes', async () => {
    const b = await bench(300)
    const job = await call(b.host, 'users.bulkDelete', {
      project: b.project,
      selection: { all: true },
      withoutRestoreCopy: true,
    })
    // A delete's dry run reads four lists a user: 20 pass, then the server holds the rest.
    const hold = b.sandbox.hold({
      after: 20,
      match: ({ method, path }) => method === 'GET' && path !== '/v1/users',
    })
    const preview = call(b.host, 'jobs.preview', { jobId: job.id }).then(
      () => null,
      (err: Error) => err,
    )
    await hold.reached()
    const discarded = call(b.host, 'jobs.discard', { jobId: job.id })
    // The reads in flight end only once the server lets them go; the folder stays until they have
    // (the host's part of the call has run up to that wait by now: nothing in it waits before).
    expect(existsSync(join(b.dataDir, 'jobs', job.id, 'job.json'))).toBe(true)
    hold.release()
    await discarded
    expect((await preview)?.message).toMatch(/cancelled: The dry run was stopped before it ended/)
    expect(existsSync(join(b.dataDir, 'jobs', job.id))).toBe(false)
    expect((await call(b.host, 'users.list', { project: b.project, limit: 1 })).total).toBe(300)
  })

  it('is seen by another host on the data folder, whether that host made the job or found it', async () => {
    const b = await bench(4)
    const window = await hostOn(b.dataDir)

    // Made by the CLI's host, found by the window's look: discarded there, the look lets it go.
    const elsewhere = await plan(b, 'elsewhere')
    window.services.jobs.lookElsewhere()
    expect((await call(window, 'jobs.list', {})).map((j) => j.id)).toContain(elsewhere.id)
    const seenByWindow = eventsOf(window, elsewhere.id)
    await call(b.host, 'jobs.discard', { jobId: elsewhere.id })
    window.services.jobs.lookElsewhere()
    expect(seenByWindow).toEqual(['jobs.removed'])
    expect((await call(window, 'jobs.list', {})).map((j) => j.id)).not.toContain(elsewhere.id)

    // Found by the CLI's host on disk: discarded there, the window's list drops it when next read.
    const windowMade = await call(window, 'labels.bulk', {
      project: b.project,
      selection: { all: true },
      op: 'add',
      labels: ['window'],
    })
    const seen = eventsOf(window, windowMade.id)
    await call(b.host, 'jobs.discard', { jobId: windowMade.id })
    expect((await call(window, 'jobs.list', {})).map((j) => j.id)).not.toContain(windowMade.id)
    expect(seen).toEqual(['jobs.removed'])
    await expect(call(window, 'jobs.start', { jobId: windowMade.id })).rejects.toThrow(/not_found/)
  })

  it('from the CLI: a dry run says how to drop it, and `jobs discard` does', async () => {
    const dataDir = join(tempDir(), 'data')
    const run = async (...args: string[]) => {
      const io = captureIo()
      const code = await runCliPatiently(['--data-dir', dataDir, ...args], io)
      return { code, out: io.stdout, err: io.stderr }
    }
    const dry = await run('--json', 'sessions', 'kill', '--project', 'demo', '--all', '--dry-run')
    expect(dry.code).toBe(0)
    const { job } = JSON.parse(dry.out) as { job: { id: string } }
    expect(dry.err).toContain(`\nTo drop the planned job instead: userdeck jobs discard ${job.id}\n`)

    const discard = await run('jobs', 'discard', job.id)
    expect(discard.code, discard.err).toBe(0)
    expect(discard.err).toContain(`Discarded the planned job ${job.id}.`)
    expect(existsSync(join(dataDir, 'jobs', job.id))).toBe(false)
    const again = await run('jobs', 'discard', job.id)
    expect(again.code).not.toBe(0)
    expect(again.err).toMatch(/No job "/)
  })
})
