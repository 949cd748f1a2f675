/**
 * A compromised page asks the host for requests to addresses of its choosing: through the same
 * dispatcher the window uses, with otherwise valid inputs, plain http to another machine is refused
 * unless accepted in the same request, other schemes are always refused, and nothing is sent or saved.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { networkInterfaces } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Channel, Input, Output } from '@shared/contract'
import type { Result } from '@shared/errors'
import { createHost, type Host } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'
import { sandbox } from '../projects/fixtures'

const KEY = 'standard_endpoint_scheme_0123456789abcdef'

/** An address of this machine that is not loopback, when it has one: another machine, as far as a URL can tell. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address

describe('endpoints a page may send a key to', () => {
  let host: Host

  const dispatch = (channel: Channel, input: unknown): Promise<Result<unknown>> =>
    host.dispatch(channel, input)
  async function call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await host.dispatch(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as Output<C>
  }
  const address = (endpoint: string, extra: Record<string, unknown> = {}) => ({
    endpoint,
    projectId: 'shop',
    key: KEY,
    ...extra,
  })
  const added = (endpoint: string, extra: Record<string, unknown> = {}) => ({
    name: `Shop ${Math.random().toString(36).slice(2, 8)}`,
    ...address(endpoint, extra),
  })

  beforeAll(async () => {
    host = await createHost({
      dataDir: tempDir(),
      shell: 'chromium',
      demo: false,
      secrets: new MemorySecretStore(),
    })
  })
  afterAll(() => host.close())

  it('refuses plain http to another machine on add, test and connect, naming the endpoint field', async () => {
    for (const [channel, input] of [
      ['projects.add', added('http://evil.example/v1')],
      ['projects.test', address('http://evil.example/v1')],
      ['projects.connect', address('http://evil.example/v1')],
      ['projects.add', added('http://evil.example/v1', { allowInsecureHttp: false })],
    ] as const) {
      const result = await dispatch(channel, input)
      expect(result, channel).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', field: 'endpoint' },
      })
      if (!result.ok) expect(result.error.message).toContain('unencrypted to evil.example')
    }
    expect(await call('projects.list', {})).toEqual([])
  })

  it('refuses every scheme but https and http, even with plain http accepted', async () => {
    for (const endpoint of [
      'file:///etc/v1',
      'ftp://evil.example/v1',
      'javascript:alert(1)//v1',
      'ws://evil.example/v1',
      'data:text/plain,v1',
    ]) {
      for (const [channel, input] of [
        ['projects.add', added(endpoint, { allowInsecureHttp: true })],
        ['projects.test', address(endpoint, { allowInsecureHttp: true })],
        ['projects.connect', address(endpoint, { allowInsecureHttp: true })],
      ] as const) {
        const result = await dispatch(channel, input)
        expect(result, `${channel} ${endpoint}`).toMatchObject({
          ok: false,
          error: { code: 'invalid_input', field: 'endpoint' },
        })
      }
    }
    expect(await call('projects.list', {})).toEqual([])
  })

  it('refuses moving a project to plain http on another machine unless accepted', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const view = await call('projects.add', added(sb.url))
    const moved = await dispatch('projects.update', {
      project: view.id,
      endpoint: 'http://evil.example/v1',
      key: KEY,
    })
    expect(moved).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'endpoint' } })
    expect((await call('projects.list', {})).find((p) => p.id === view.id)?.endpoint).toBe(sb.url)
    await call('projects.remove', { project: view.id })
  })

  it('keeps plain http to this computer: 127.0.0.1, localhost', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const local = await call('projects.add', added(sb.url))
    expect(local.reach.state).toBe('online')
    const byName = await call('projects.test', address(sb.url.replace('127.0.0.1', 'localhost')))
    expect(byName.ok).toBe(true)
    await call('projects.remove', { project: local.id })
  })

  it.skipIf(!lanAddress)(
    'sends the key over plain http to another address only once the request accepts it',
    async () => {
      const seen: string[] = []
      const server = createServer((req, res) => {
        seen.push(req.url ?? '')
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>not Appwrite</h1>')
      })
      await new Promise<void>((resolve) => server.listen(0, lanAddress, resolve))
      try {
        const endpoint = `http://${lanAddress}:${(server.address() as AddressInfo).port}/v1`
        expect(await dispatch('projects.test', address(endpoint))).toMatchObject({ ok: false })
        expect(await dispatch('projects.add', added(endpoint))).toMatchObject({ ok: false })
        expect(seen).toEqual([])

        const report = await call('projects.test', address(endpoint, { allowInsecureHttp: true }))
        expect(report.ok).toBe(false)
        expect(seen.length).toBeGreaterThan(0)
        const view = await call('projects.add', added(endpoint, { allowInsecureHttp: true }))
        expect(view.endpoint).toBe(endpoint)
        // The acceptance itself is not stored: the endpoint says the key travels unencrypted.
        expect(view).not.toHaveProperty('allowInsecureHttp')
        const { json } = await call('projects.export', {})
        expect(JSON.parse(json)).toMatchObject({ projects: [{ endpoint, allowInsecureHttp: true }] })
        await call('projects.remove', { project: view.id })
      } finally {
        server.closeAllConnections()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }
    },
  )
})
