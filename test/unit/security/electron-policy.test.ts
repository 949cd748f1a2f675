import { describe, expect, it } from 'vitest'
import { mkdirSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { channelNames } from '@shared/contract'
import { CONTENT_SECURITY_POLICY, ELECTRON_APP_ORIGIN } from '@shared/csp'
import type { Result } from '@shared/errors'
import {
  debuggingSwitch,
  hardenApp,
  isAppUrl,
  type ContentsLike,
  type HardeningDeps,
  type PreventableEvent,
} from '../../../src/main/electron/security'
import { registerAppScheme, resolveRendererPath, serveRenderer } from '../../../src/main/electron/protocol'
import { guardedHandler, serveContract, type InvokeEventLike } from '../../../src/main/electron/ipc'
import { EventBus } from '../../../src/host/events'
import { tempDir } from '../helpers/temp-dir'

const origins = [ELECTRON_APP_ORIGIN]

/** A webContents that keeps the listeners the policy registers, so the test can fire real events at them. */
class FakeContents implements ContentsLike {
  readonly listeners = new Map<string, (event: PreventableEvent, url?: string) => void>()
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null
  on(event: string, listener: (event: PreventableEvent, url: string) => void) {
    this.listeners.set(event, listener as (event: PreventableEvent, url?: string) => void)
    return this
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }) {
    this.openHandler = handler
  }
  /** Fires an event; true when the policy called preventDefault. */
  fire(name: string, url?: string): boolean {
    let prevented = false
    const listener = this.listeners.get(name)
    if (!listener) throw new Error(`no ${name} listener`)
    listener({ preventDefault: () => void (prevented = true) }, url)
    return prevented
  }
}

function hardenedApp() {
  let created: ((event: unknown, contents: ContentsLike) => void) | null = null
  let requestHandler:
    Parameters<HardeningDeps['session']['defaultSession']['setPermissionRequestHandler']>[0] | null = null
  let checkHandler: (() => boolean) | null = null
  const deps: HardeningDeps = {
    app: { on: (_event, listener) => (created = listener) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h) => (requestHandler = h),
        setPermissionCheckHandler: (h) => (checkHandler = h),
      },
    },
  }
  hardenApp(deps, origins)
  const contents = new FakeContents()
  created!({}, contents)
  return { contents, requestHandler: requestHandler!, checkHandler: checkHandler! }
}

const foreign = [
  'https://example.com/',
  'http://userdeck.localhost/index.html',
  'app://userdeck.evil/index.html',
  'app://evil/index.html',
  'app://userdeck@evil/index.html',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'javascript:alert(1)',
  'about:blank',
  'not a url',
]

describe('navigation, windows and webviews', () => {
  const { contents } = hardenedApp()

  it.each(['will-navigate', 'will-redirect'])('%s stays on the app and refuses every other URL', (name) => {
    expect(contents.fire(name, 'app://userdeck/index.html')).toBe(false)
    expect(contents.fire(name, 'app://userdeck/assets/x.js#y')).toBe(false)
    for (const url of foreign) expect(contents.fire(name, url), url).toBe(true)
  })

  it('prevents every webview from attaching', () => {
    expect(contents.fire('will-attach-webview')).toBe(true)
  })

  // The policy is not even handed Electron's shell: nothing a page asks for reaches the system browser.
  it('denies every new window, https included', () => {
    const urls = [
      'https://appwrite.io/docs',
      'http://example.com/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'https://user:pw@example.com/',
      'app://userdeck/index.html',
    ]
    for (const url of urls) expect(contents.openHandler!({ url })).toEqual({ action: 'deny' })
  })
})

describe('permissions', () => {
  const { requestHandler, checkHandler } = hardenedApp()

  it.each(['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen'])(
    'answers no to a %s request',
    (permission) => {
      const answers: boolean[] = []
      requestHandler({}, permission, (granted) => answers.push(granted))
      expect(answers).toEqual([false])
    },
  )

  it('answers no to every permission check', () => {
    expect(checkHandler()).toBe(false)
  })
})

describe('URL guards', () => {
  it('isAppUrl compares whole origins, not prefixes', () => {
    expect(isAppUrl('app://userdeck/index.html', origins)).toBe(true)
    for (const url of foreign) expect(isAppUrl(url, origins), url).toBe(false)
  })
})

describe('the app:// protocol', () => {
  const root = join(tempDir(), 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Userdeck</title>')
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(root, '..', 'secret.txt'), 'outside')
  mkdirSync(join(root, '..', 'renderer-evil'), { recursive: true })
  writeFileSync(join(root, '..', 'renderer-evil', 'x.js'), 'outside')

  it.each([
    ['app://userdeck/', 'index.html'],
    ['app://userdeck/index.html', 'index.html'],
    ['app://userdeck/assets/app.js?v=1', join('assets', 'app.js')],
    ['app://userdeck/assets/%61pp.js', join('assets', 'app.js')],
  ])('resolves %s inside the renderer folder', (url, file) => {
    expect(resolveRendererPath(root, url)).toBe(join(root, file))
  })

  it.each([
    'app://userdeck/..%2fsecret.txt',
    'app://userdeck/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://userdeck/..%5csecret.txt',
    'app://userdeck/..%2frenderer-evil/x.js',
    'app://userdeck/index.html%00.js',
    'app://userdeck/%E0%A4%A',
    'app://evil/index.html',
    'app://user:pw@userdeck/index.html',
    'file:///etc/passwd',
    'nonsense',
  ])('refuses %s', (url) => {
    expect(resolveRendererPath(root, url)).toBeNull()
  })

  it.each([
    'app://userdeck/../secret.txt',
    'app://userdeck/%2e%2e/secret.txt',
    'app://userdeck/%2fetc%2fpasswd',
  ])('keeps %s inside the folder (the URL parser or the join resolves it there)', (url) => {
    const resolved = resolveRendererPath(root, url)
    expect(resolved === null || resolved.startsWith(root + sep), String(resolved)).toBe(true)
  })

  it('registers app: as a standard, secure scheme and serves files with the CSP header', async () => {
    const schemes: unknown[] = []
    let handler: ((request: Request) => Promise<Response>) | null = null
    const fetched: string[] = []
    const protocol = {
      registerSchemesAsPrivileged: (s: unknown[]) => void schemes.push(...s),
      handle: (scheme: string, h: (request: Request) => Promise<Response>) => {
        expect(scheme).toBe('app')
        handler = h
      },
    }
    const net = {
      fetch: async (url: string) => {
        fetched.push(url)
        return new Response(await readFile(fileURLToPath(url)), { headers: { 'content-type': 'text/html' } })
      },
    }
    registerAppScheme({ protocol })
    expect(schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true } }])
    serveRenderer({ protocol, net }, root)

    const page = await handler!(new Request('app://userdeck/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<title>Userdeck</title>')

    for (const url of [
      'app://userdeck/..%2fsecret.txt',
      'app://evil/index.html',
      'app://userdeck/missing.js',
    ]) {
      const refused = await handler!(new Request(url))
      expect(refused.status, url).toBe(404)
      expect(refused.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    }
    const post = await handler!(new Request('app://userdeck/index.html', { method: 'POST', body: 'x' }))
    expect(post.status).toBe(404)
    expect(fetched.map((u) => fileURLToPath(u))).toEqual([join(root, 'index.html'), join(root, 'missing.js')])
  })
})

describe('IPC sender check', () => {
  const mainFrame = { url: 'app://userdeck/index.html' }
  const sender = { id: 1, mainFrame }
  const trusted = { origins, webContentsIds: new Set([1]) }

  function recordingDispatch() {
    const calls: unknown[] = []
    const dispatch = async (channel: unknown, input: unknown): Promise<Result<unknown>> => {
      calls.push([channel, input])
      return { ok: true, value: 'reached' }
    }
    return { calls, dispatch }
  }

  const untrusted: [string, InvokeEventLike][] = [
    ['a subframe of the app page', { sender, senderFrame: { url: 'app://userdeck/index.html' } }],
    ['a foreign subframe', { sender, senderFrame: { url: 'https://evil.example/' } }],
    ['another webContents showing the app', { sender: { id: 2, mainFrame }, senderFrame: mainFrame }],
    [
      'a foreign origin in the main frame',
      {
        sender: { id: 1, mainFrame: { url: 'https://evil.example/' } },
        senderFrame: null,
      },
    ],
    [
      'a look-alike origin',
      (() => {
        const frame = { url: 'app://userdeck.evil/index.html' }
        return { sender: { id: 1, mainFrame: frame }, senderFrame: frame }
      })(),
    ],
    [
      'a data: page',
      (() => {
        const frame = { url: 'data:text/html,hi' }
        return { sender: { id: 1, mainFrame: frame }, senderFrame: frame }
      })(),
    ],
    ['a frame that is gone', { sender, senderFrame: null }],
  ]

  it.each(untrusted)('refuses %s with untrusted_sender, before the dispatcher', async (_name, event) => {
    const { calls, dispatch } = recordingDispatch()
    const result = await guardedHandler('app.info', dispatch, trusted)(event, {})
    expect(result).toMatchObject({ ok: false, error: { code: 'untrusted_sender' } })
    expect(calls).toEqual([])
  })

  it('passes the app main frame through to the dispatcher', async () => {
    const { calls, dispatch } = recordingDispatch()
    const result = await guardedHandler(
      'app.info',
      dispatch,
      trusted,
    )({ sender, senderFrame: mainFrame }, { a: 1 })
    expect(result).toEqual({ ok: true, value: 'reached' })
    expect(calls).toEqual([['app.info', { a: 1 }]])
  })

  it('serveContract guards every channel, forwards events to its window, and undoes itself', async () => {
    const handlers = new Map<string, (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>>()
    const ipcMain = {
      handle: (
        channel: string,
        listener: (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>,
      ) => void handlers.set(channel, listener),
      removeHandler: (channel: string) => void handlers.delete(channel),
    }
    const { calls, dispatch } = recordingDispatch()
    const events = new EventBus()
    const sent: unknown[] = []
    const window = {
      isDestroyed: () => false,
      webContents: { id: 1, send: (c: string, p: unknown) => void sent.push([c, p]) },
    }
    const stop = serveContract(ipcMain, { dispatch, events }, window, origins)

    expect([...handlers.keys()].sort()).toEqual([...channelNames].sort())
    for (const [channel, handler] of handlers) {
      for (const [, event] of untrusted) {
        expect((await handler(event, {})).ok, channel).toBe(false)
      }
      expect(await handler({ sender, senderFrame: mainFrame }, {})).toEqual({ ok: true, value: 'reached' })
    }
    expect(calls).toHaveLength(channelNames.length)
    expect(calls.map((c) => (c as unknown[])[0])).toEqual([...handlers.keys()])

    const eventName = 'jobs.progress' as Parameters<typeof events.emit>[0]
    events.emit(eventName, {} as never)
    expect(sent).toEqual([[eventName, {}]])
    stop()
    expect(handlers.size).toBe(0)
    events.emit(eventName, {} as never)
    expect(sent).toHaveLength(1)
  })
})

describe('remote debugging', () => {
  const commandLine = (...switches: string[]) => ({ hasSwitch: (name: string) => switches.includes(name) })

  it('a packaged app names the remote-debugging switch it was started with, so it can refuse to run', () => {
    expect(debuggingSwitch(commandLine('remote-debugging-port'), true)).toBe('--remote-debugging-port')
    expect(debuggingSwitch(commandLine('remote-debugging-pipe'), true)).toBe('--remote-debugging-pipe')
    expect(debuggingSwitch(commandLine('lang'), true)).toBeNull()
  })

  it('an unpacked one (npm start, the Electron tests through Playwright) is not refused', () => {
    expect(debuggingSwitch(commandLine('remote-debugging-port'), false)).toBeNull()
  })
})
