/**
 * The demo server listens on loopback, where any web page the person visits can reach it: by a
 * cross-site request (the browser adds `Origin`), or by DNS rebinding (a foreign name that resolves to
 * 127.0.0.1, so the `Host` header is that name). It answers neither, and still serves node-appwrite.
 */
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server'

const KEY = 'demo-server-key-0123456789'
let sandbox: RunningSandbox

beforeAll(async () => {
  sandbox = await startSandbox({ projectId: 'demo', apiKey: KEY, seed: 3, quiet: true })
})
afterAll(async () => {
  await sandbox.close()
})

function get(headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sandbox.port,
        path: '/v1/users',
        headers: { 'x-appwrite-project': 'demo', 'x-appwrite-key': KEY, ...headers },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('the demo server and the browser', () => {
  it('answers loopback names', async () => {
    for (const host of [`127.0.0.1:${sandbox.port}`, `localhost:${sandbox.port}`, `[::1]:${sandbox.port}`]) {
      const answer = await get({ host })
      expect(answer.status, host).toBe(200)
      expect(JSON.parse(answer.body)).toMatchObject({ total: 3 })
    }
  })

  it('refuses a Host that is not a loopback name (DNS rebinding)', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${sandbox.port}`,
      `localhost.evil.example:${sandbox.port}`,
    ]) {
      const answer = await get({ host })
      expect(answer.status, host).toBe(403)
      expect(answer.body).not.toContain('"users"')
    }
  })

  it('refuses any request a browser sent (it carries an Origin), even a same-origin one', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${sandbox.port}`]) {
      const answer = await get({ host: `127.0.0.1:${sandbox.port}`, origin })
      expect(answer.status, origin).toBe(403)
      expect(answer.body).not.toContain('"users"')
    }
  })

  it('node-appwrite, which sends no Origin, is served', async () => {
    const users = new Users(new Client().setEndpoint(sandbox.url).setProject('demo').setKey(KEY))
    expect((await users.list()).total).toBe(3)
  })
})
