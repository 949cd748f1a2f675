import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { followJob, streamReport } from '../../../src/cli/follow-job'
import type { Channel, Input, Output } from '@shared/contract'
import type { AppError } from '@shared/errors'
import type { JobView, ReportRow } from '@shared/models/jobs'
import { tempDir } from '../helpers/temp-dir'

const KEY = 'surface_test_key_0123456789abcdef'

/** A shell gets the contract and nothing else; what the CLI needs is a channel or an event. */
describe("the host's surface", () => {
  let host: Host
  let sandbox: RunningSandbox
  let shop: string

  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const r = await host.dispatch(channel, input)
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
    return r.value as Output<C>
  }
  async function refusal<C extends Channel>(channel: C, input: Input<C>): Promise<AppError> {
    const r = await host.dispatch(channel, input)
    if (r.ok) throw new Error(`${channel} answered`)
    return r.error
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ projectId: 'shop', apiKey: KEY, seed: 12, quiet: true })
    host = await createHost({
      dataDir: tempDir(),
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: false,
    })
    shop = (
      await call('projects.add', { name: 'Shop EU', endpoint: sandbox.url, projectId: 'shop', key: KEY })
    ).id
  })
  afterAll(async () => {
    await host.close()
    await sandbox.close()
  })

  it('is dispatch, events and close, nothing else', () => {
    expect(Object.keys(host).sort()).toEqual(['close', 'dispatch', 'events'])
    expect(Object.keys(host.events)).toEqual(['subscribe'])
  })

  it('projects.find names a project by id, by name, then by name in any case', async () => {
    expect((await call('projects.find', { nameOrId: shop })).name).toBe('Shop EU')
    expect((await call('projects.find', { nameOrId: 'Shop EU' })).id).toBe(shop)
    expect((await call('projects.find', { nameOrId: 'shop eu' })).id).toBe(shop)
    const missing = await refusal('projects.find', { nameOrId: 'Nowhere' })
    expect(missing).toMatchObject({ code: 'not_found', message: 'No project is named "Nowhere".' })
  })

  it('projects.connect serves a project named by its address, without storing it', async () => {
    const view = await call('projects.connect', { endpoint: sandbox.url, projectId: 'shop', key: KEY })
    expect(view).toMatchObject({ projectId: 'shop', key: { present: true, inMemoryOnly: true } })
    expect(JSON.stringify(view)).not.toContain(KEY)
    const page = await call('users.list', { project: view.id, limit: 5 })
    expect(page.total).toBe(12)
    expect((await call('projects.list', {})).map((p) => p.id)).not.toContain(view.id)
  })

  it('a job is followed to its end through jobs.changed, and its report streams as events', async () => {
    const planned = await call('labels.bulk', {
      project: shop,
      op: 'add',
      labels: ['surface'],
      selection: { all: true },
    })
    const seen: string[] = []
    const done = await followJob(
      host.events,
      planned.id,
      () => call('jobs.start', { jobId: planned.id }),
      (job: JobView) => seen.push(job.state),
    )
    expect(done).toMatchObject({ id: planned.id, state: 'completed', counts: { total: 12, done: 12 } })
    expect(seen.every((s) => s === 'running')).toBe(true)

    const batches: ReportRow[][] = []
    const unsubscribe = host.events.subscribe((event, payload) => {
      if (event === 'jobs.reportRows') batches.push((payload as { rows: ReportRow[] }).rows)
    })
    const all = await call('jobs.streamReport', { jobId: planned.id, streamId: 'every-row' })
    unsubscribe()
    expect(all.rows).toBe(12)
    expect(batches.flat().map((r) => r.outcome)).toEqual(Array(12).fill('done'))
    expect(await streamReport(host, planned.id, ['failed', 'pending'])).toEqual([])
  })
})
