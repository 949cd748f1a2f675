/**
 * Our node-appwrite client against servers that misbehave: the sandbox's fault modes, plus a few raw
 * servers for what a sandbox cannot do (never answer, answer a web page with 200). Every call must end,
 * within the client's timeout, with an AppError a person can act on.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Query } from 'node-appwrite'
import { isAppError, type AppError, type ErrorCode } from '@shared/errors'
import { startSandbox, type FaultOptions, type RunningSandbox } from '../../../src/sandbox/server'
import { createAppwriteClients, type AppwriteClients } from '../../../src/host/appwrite/client'
import { toAppError } from '../../../src/host/appwrite/errors'

const KEY = 'standard_bad_server_test_key_0123456789'
const TIMEOUT_MS = 1500
/** Below the sandbox's 20 MB padding, above any page the test asks for. */
const MAX_BYTES = 4 * 1024 * 1024

let sandbox: RunningSandbox
let clients: AppwriteClients
let userId: string

/** Runs a call that must fail and returns the AppError it maps to. */
async function failure(call: () => Promise<unknown>): Promise<AppError> {
  try {
    await call()
  } catch (err) {
    const error = toAppError(err)
    expect(isAppError(error)).toBe(true)
    expect(error.message).not.toMatch(/\n\s*at |node_modules|\.(ts|js):\d+/)
    expect(error.message).not.toContain(KEY)
    return error
  }
  throw new Error('the call succeeded against a misbehaving server')
}

const calls: [string, () => Promise<unknown>][] = [
  ['users.list', () => clients.users.list({ queries: [Query.limit(25)] })],
  ['users.get', () => clients.users.get({ userId })],
  ['users.updateName', () => clients.users.updateName({ userId, name: 'Renamed during a fault' })],
]

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, projectId: 'faulty', apiKey: KEY, seed: 30, quiet: true })
  clients = createAppwriteClients(
    { endpoint: sandbox.url, projectId: 'faulty', key: KEY },
    TIMEOUT_MS,
    MAX_BYTES,
  )
  userId = (await clients.users.list({ queries: [Query.limit(1)] })).users[0]!.$id
})

afterAll(async () => {
  await sandbox?.close()
})

const modes: [keyof FaultOptions, FaultOptions, ErrorCode[]][] = [
  ['htmlRate', { htmlRate: 1 }, ['server_error']],
  ['truncateRate', { truncateRate: 1 }, ['bad_response']],
  ['wrongContentTypeRate', { wrongContentTypeRate: 1 }, ['bad_response']],
  ['hugeRate', { hugeRate: 1 }, ['bad_response']],
  ['dripRate', { dripRate: 1 }, ['timeout']],
  ['failRate', { failRate: 1 }, ['server_error']],
  ['dropRate', { dropRate: 1 }, ['unreachable']],
]

describe('the client against the sandbox fault modes', () => {
  it.each(modes)('%s = 1: every call ends with a clear error', async (_mode, faults, expected) => {
    sandbox.setFaults(faults)
    try {
      for (const [name, call] of calls) {
        const error = await failure(call)
        expect(expected, `${name}: ${error.code}: ${error.message}`).toContain(error.code)
        expect(error.retryable, name).toBe(true)
      }
    } finally {
      sandbox.setFaults({})
    }
  })

  it('rateLimitPerSec: the call over the limit is rate_limited and says so', async () => {
    // The clock stands still: the burst falls in one one-second window however slow the machine.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00.250Z') })
    sandbox.setFaults({ rateLimitPerSec: 1 })
    try {
      const results = await Promise.allSettled(
        [1, 2, 3, 4, 5].map(() => clients.users.list({ queries: [Query.limit(1)] })),
      )
      const refused = results.filter((r) => r.status === 'rejected').map((r) => toAppError(r.reason))
      expect(refused).toHaveLength(4)
      for (const error of refused) {
        expect(error.code).toBe('rate_limited')
        expect(error.status).toBe(429)
        expect(error.retryable).toBe(true)
      }
    } finally {
      vi.useRealTimers()
      sandbox.setFaults({})
    }
  })

  it('works again once the faults stop, and the names written during faults are as the server left them', async () => {
    const page = await clients.users.list({ queries: [Query.limit(5)] })
    expect(page.users.length).toBe(5)
  })
})

describe('the client against servers that are not Appwrite', () => {
  const servers: Server[] = []

  async function serve(handler: Parameters<typeof createServer>[1]): Promise<AppwriteClients> {
    const server = createServer(handler)
    servers.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    return createAppwriteClients(
      { endpoint: `http://127.0.0.1:${port}/v1`, projectId: 'p', key: KEY },
      TIMEOUT_MS,
      MAX_BYTES,
    )
  }

  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  })

  it('a web page answered with 200 is bad_response', async () => {
    const c = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<!doctype html><title>Welcome to nginx!</title>')
    })
    expect((await failure(() => c.users.list())).code).toBe('bad_response')
  })

  it('a redirect is not followed: the error names where it points, and the key goes nowhere else', async () => {
    let reachedTarget = false
    const target = await serve((_req, res) => {
      reachedTarget = true
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"total":0,"users":[]}')
    })
    const c = await serve((_req, res) => {
      res.writeHead(301, { location: `${target.client.config.endpoint}/users`, 'content-type': 'text/html' })
      res.end('<a href="elsewhere">Moved</a>')
    })
    const error = await failure(() => c.users.list())
    expect(error.code).toBe('bad_response')
    expect(error.message).toContain(`redirects (301) to ${target.client.config.endpoint}/users`)
    expect(reachedTarget).toBe(false)
  })

  it('an empty success (204, even labelled JSON) is an empty answer, not broken JSON', async () => {
    const c = await serve((_req, res) => {
      res.writeHead(204, { 'content-type': 'application/json' })
      res.end()
    })
    await expect(c.users.delete({ userId: 'someone' })).resolves.toEqual({})
  })

  it('a server that never answers is a timeout', async () => {
    const c = await serve(() => undefined)
    expect((await failure(() => c.users.list())).code).toBe('timeout')
  })

  it('a server that sends headers and then stalls is a timeout', async () => {
    const c = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' })
      res.write('{"total":1,')
    })
    expect((await failure(() => c.users.list())).code).toBe('timeout')
  })

  it('an endless JSON body without a length is cut off as bad_response', async () => {
    const c = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.write('{"total":1,"users":[],"padding":"')
      const chunk = 'x'.repeat(256 * 1024)
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump)
      }
      pump()
    })
    expect((await failure(() => c.users.list())).code).toBe('bad_response')
  })

  it('an Appwrite-shaped error with an enormous message is cut short before it reaches the window', async () => {
    const c = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          message: 'Click here! '.repeat(100_000),
          code: 400,
          type: 'general_argument_invalid',
        }),
      )
    })
    const error = await failure(() => c.users.list())
    expect(error.code).toBe('invalid_request')
    expect(error.message.length).toBeLessThanOrEqual(501)
  })

  it('a server that echoes the key in its error does not get it onto the screen', async () => {
    const c = await serve((req, res) => {
      const key = String(req.headers['x-appwrite-key'])
      res.writeHead(401, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: `Key ${key} is not valid`, code: 401, type: 'user_jwt_invalid' }))
    })
    const error = await failure(() => c.users.list())
    expect(error.code).toBe('key_invalid')
    expect(error.message).toContain('[redacted]')
  })

  it('a server that echoes the key in its error type gets no type through, and the key nowhere', async () => {
    const c = await serve((req, res) => {
      const key = String(req.headers['x-appwrite-key'])
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Refused', code: 400, type: `bad_key_${key}` }))
    })
    const error = await failure(() => c.users.list())
    expect(error.appwriteType).toBeUndefined()
    expect(JSON.stringify(error)).not.toContain(KEY)
  })

  it('an error type that is not snake case is dropped, one that is passes', async () => {
    const typed = (type: string) =>
      serve((_req, res) => {
        res.writeHead(409, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ message: 'Taken', code: 409, type }))
      })
    const plain = await failure(async () => (await typed('user_already_exists')).users.list())
    expect(plain.appwriteType).toBe('user_already_exists')
    for (const type of ['User-Already', 'user already', '<b>x</b>', 'a'.repeat(200)]) {
      const error = await failure(async () => (await typed(type)).users.list())
      expect(error.appwriteType, type).toBeUndefined()
    }
  })

  it('sends the headers as they are at each call, after a key or project change too', async () => {
    const seen: string[] = []
    const c = await serve((req, res) => {
      seen.push(`${String(req.headers['x-appwrite-project'])}/${String(req.headers['x-appwrite-key'])}`)
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('{"total":0,"users":[]}')
    })
    await c.users.list()
    await c.users.list()
    c.client.setKey('second-key')
    await c.users.list()
    c.client.setProject('second-project')
    await c.users.list()
    expect(seen).toEqual([`p/${KEY}`, `p/${KEY}`, 'p/second-key', 'second-project/second-key'])
  })

  it('a server that echoes the key in a warning header does not get it into the log', async () => {
    const c = await serve((req, res) => {
      const key = String(req.headers['x-appwrite-key'])
      res.writeHead(200, { 'content-type': 'application/json', 'x-appwrite-warning': `old key ${key};other` })
      res.end('{"total":0,"users":[]}')
    })
    const printed: string[] = []
    const warn = vi.spyOn(console, 'warn').mockImplementation((text: string) => void printed.push(text))
    try {
      await c.users.list()
    } finally {
      warn.mockRestore()
    }
    expect(printed).toEqual(['Warning: old key [redacted]', 'Warning: other'])
  })

  it('JSON that is not an object where Appwrite always sends one is bad_response', async () => {
    const c = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end('"just a string"')
    })
    expect((await failure(() => c.users.list())).code).toBe('bad_response')
  })
})
