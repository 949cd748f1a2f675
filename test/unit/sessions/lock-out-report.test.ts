import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import type { Channel, Input, Output } from '@shared/contract'
import type { JobView } from '@shared/models/jobs'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'

const KEY = 'standard_lockout_0123456789abcdef'

/**
 * In front of the sandbox: right after a user's block, the next read of their sessions answers 503
 * once, so the row is tried again with the user already blocked by this very job. Deterministic:
 * it keys on the requests themselves, not on timing.
 */
async function failingAfterBlock(target: RunningSandbox): Promise<{ url: string; server: Server }> {
  const blocked = new Set<string>()
  const server = createServer((req, res) => {
    const path = req.url ?? ''
    const status = /^\/v1\/users\/([^/?]+)\/status/.exec(path)
    if (req.method === 'PATCH' && status) blocked.add(status[1]!)
    const sessions = /^\/v1\/users\/([^/?]+)\/sessions(\?|$)/.exec(path)
    if (req.method === 'GET' && sessions && blocked.delete(sessions[1]!)) {
      req.resume()
      res.writeHead(503, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Server Error', code: 503, type: 'general_server_error' }))
      return
    }
    const upstream = request(
      { host: '127.0.0.1', port: target.port, path, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server }
}

describe('a lock-out report', () => {
  let host: Host
  let sandbox: RunningSandbox
  let proxy: Server
  let project: string

  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await host.dispatch(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as Output<C>
  }

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, projectId: 'lock', apiKey: KEY, quiet: true })
    const users = new Users(new Client().setEndpoint(sandbox.url).setProject('lock').setKey(KEY))
    for (const id of ['a1', 'a2', 'a3', 'a4']) await users.create({ userId: id, email: `${id}@example.com` })
    await users.create({ userId: 'b1', email: 'b1@example.com' })
    await users.updateStatus({ userId: 'b1', status: false })
    const front = await failingAfterBlock(sandbox)
    proxy = front.server
    host = await createHost({
      dataDir: tempDir(),
      shell: 'cli',
      demo: false,
      secrets: new MemorySecretStore(),
    })
    project = (await call('projects.add', { name: 'Lock', endpoint: front.url, projectId: 'lock', key: KEY }))
      .id
  })
  afterAll(async () => {
    await host.close()
    await new Promise((resolve) => proxy.close(resolve))
    await sandbox.close()
  })

  it('counts the users this job blocked as done, even when a row had to be tried again after its block', async () => {
    const job = await call('sessions.lockOut', {
      project,
      selection: { ids: ['a1', 'a2', 'a3', 'a4', 'b1'] },
    })
    const preview = await call('jobs.preview', { jobId: job.id })
    expect(preview.counts).toMatchObject({ change: 4, skip: 1 })
    const finished = new Promise<JobView>((resolve) =>
      host.events.subscribe((event, payload) => {
        const view = payload as JobView
        if (event === 'jobs.changed' && view.id === job.id && view.state === 'completed') resolve(view)
      }),
    )
    await call('jobs.start', { jobId: job.id })
    const done = await finished
    // Each of the four rows was retried after its block (the proxy failed the read once).
    expect(done.retries).toBeGreaterThanOrEqual(4)
    expect(done.counts).toMatchObject({ total: 5, done: 4, skipped: 1, failed: 0 })
    const report = await call('jobs.report', { jobId: job.id, format: 'json' })
    const rows = (JSON.parse(report.text) as { rows: { key: string; outcome: string }[] }).rows
    expect(Object.fromEntries(rows.map((r) => [r.key, r.outcome]))).toEqual({
      a1: 'done',
      a2: 'done',
      a3: 'done',
      a4: 'done',
      b1: 'skipped',
    })
  })
})
