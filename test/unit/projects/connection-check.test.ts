import { describe, expect, it, vi } from 'vitest'
import { checkConnection } from '../../../src/host/projects/connection-check'
import { closedPort, htmlServer, sandbox, selfSignedServer, silentServer } from './fixtures'

const KEY = 'standard_check0123456789abcdef'

describe('connection check', () => {
  it('finds both Users scopes on a full key', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const report = await checkConnection({ endpoint: sb.url, projectId: 'shop', key: KEY })
    expect(report).toEqual({
      ok: true,
      scopes: { read: true, write: true },
      server: { version: 'latest', cloud: false },
      error: null,
    })
  })

  it('closes its connections once it has its answer', async () => {
    const sb = await sandbox({ apiKey: KEY })
    await checkConnection({ endpoint: sb.url, projectId: 'shop', key: KEY })
    // The sandbox keeps an idle connection 65 s, as a server behind a proxy may: only the client ends it sooner.
    await vi.waitFor(async () => expect(await sb.openConnections()).toBe(0), {
      timeout: 10_000,
      interval: 20,
    })
  })

  it('reads the server version along with the scopes', async () => {
    const sb = await sandbox({ apiKey: KEY, appwriteVersion: '1.9.5' })
    const report = await checkConnection({ endpoint: sb.url, projectId: 'shop', key: KEY })
    expect(report.server).toEqual({ version: '1.9.5', cloud: false })
  })

  it('finds a key without users.write by probing, and changes nothing', async () => {
    const sb = await sandbox({ apiKey: KEY, scopes: ['users.read'] })
    const before = sb.store.users.size
    const report = await checkConnection({ endpoint: sb.url, projectId: 'shop', key: KEY })
    expect(report).toMatchObject({ ok: true, scopes: { read: true, write: false }, error: null })
    expect(sb.store.users.size).toBe(before)
  })

  it('finds a write-only key', async () => {
    const sb = await sandbox({ apiKey: KEY, scopes: ['users.write'] })
    const report = await checkConnection({ endpoint: sb.url, projectId: 'shop', key: KEY })
    expect(report.scopes).toEqual({ read: false, write: true })
  })

  it('tells each failure apart, with its own message', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const cases: [string, { endpoint: string; projectId: string; key: string }, string, RegExp][] = [
      [
        'wrong port',
        { endpoint: `http://127.0.0.1:${await closedPort()}/v1`, projectId: 'shop', key: KEY },
        'unreachable',
        /reach/i,
      ],
      [
        'unknown host',
        { endpoint: 'http://no-such-host.invalid/v1', projectId: 'shop', key: KEY },
        'unreachable',
        /host name/,
      ],
      [
        'another project',
        { endpoint: sb.url, projectId: 'elsewhere', key: KEY },
        'project_not_found',
        /project id/i,
      ],
      ['wrong key', { endpoint: sb.url, projectId: 'shop', key: 'standard_wrong' }, 'key_invalid', /key/i],
      [
        'a web server',
        { endpoint: await htmlServer(404), projectId: 'shop', key: KEY },
        'bad_response',
        /not like Appwrite/,
      ],
      [
        'a web page',
        { endpoint: await htmlServer(200), projectId: 'shop', key: KEY },
        'bad_response',
        /not like Appwrite/,
      ],
      [
        'a gateway error',
        { endpoint: await htmlServer(502), projectId: 'shop', key: KEY },
        'server_error',
        /502/,
      ],
      [
        'https to plain http',
        { endpoint: sb.url.replace('http:', 'https:'), projectId: 'shop', key: KEY },
        'tls',
        /TLS/,
      ],
      [
        'self-signed',
        { endpoint: await selfSignedServer(), projectId: 'shop', key: KEY },
        'tls',
        /certificate/,
      ],
      [
        'no /v1',
        { endpoint: sb.url.replace(/\/v1$/, ''), projectId: 'shop', key: KEY },
        'bad_response',
        /\/v1/,
      ],
    ]
    for (const [what, connection, code, message] of cases) {
      const report = await checkConnection(connection)
      expect(report.ok, what).toBe(false)
      expect(report.error?.code, what).toBe(code)
      expect(report.error?.message, what).toMatch(message)
      expect(report.error?.message, what).not.toContain(KEY)
      expect(report.error?.message, what).not.toContain('<html>')
    }
  })

  it('calls a server down when it fails with 5xx, and says so when it does not answer in time', async () => {
    const sb = await sandbox({ apiKey: KEY, faults: { failRate: 1 } })
    const down = await checkConnection({ endpoint: sb.url, projectId: 'shop', key: KEY })
    expect(down.error?.code).toBe('server_error')
    const silent = await checkConnection({ endpoint: await silentServer(), projectId: 'shop', key: KEY }, 300)
    expect(silent.error?.code).toBe('timeout')
  })
})
