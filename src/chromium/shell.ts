/**
 * The Chromium shell: the built renderer in Chromium, driven by Playwright, with `window.userdeck`
 * bridged to the host over `exposeBinding`. Same contract, same validation as the Electron window;
 * only the transport differs. Used by the e2e tests and on machines without the Electron binary.
 */
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { channelNames, eventNames } from '@shared/contract'
import { buildBridge } from '@shared/bridge'
import { appError } from '@shared/errors'
import { CHROMIUM_APP_ORIGIN, CONTENT_SECURITY_POLICY } from '@shared/csp'
import type { Host } from '../host'
import { chromiumLaunch } from './find-chromium'
import { PageEvents } from './page-events'

export interface ChromiumShellOptions {
  host: Host
  rendererDir?: string
  headless?: boolean
  viewport?: { width: number; height: number }
  /** The page's `prefers-reduced-motion`; unset, Chromium's own (no preference). */
  reducedMotion?: 'reduce' | 'no-preference'
  /**
   * A Chromium already running (see `launchChromium`) to open the app in, in a context of its own;
   * `close()` then closes that context and leaves the browser running. Tests open one per worker
   * rather than one per test.
   */
  running?: RunningChromium
}

/** A launched Chromium and whether it has its OS sandbox. */
export interface RunningChromium {
  browser: Browser
  /** Why Chromium runs without its OS sandbox (as root), or null when it has it. */
  unsandboxed: string | null
}

export async function launchChromium(headless = true): Promise<RunningChromium> {
  const launch = chromiumLaunch(headless)
  return { browser: await chromium.launch(launch.options), unsandboxed: launch.unsandboxed }
}

export interface ChromiumShell {
  browser: Browser
  context: BrowserContext
  page: Page
  /** Why Chromium runs without its OS sandbox (as root), or null when it has it. */
  readonly unsandboxed: string | null
  /** Opens one more page of the app in the same browser (the first is `page`). */
  openPage(): Promise<Page>
  close(): Promise<void>
}

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
}

/** How long the page's event long-poll waits before it asks again. */
const EVENT_POLL_MS = 20_000

export const defaultRendererDir = join(import.meta.dirname, '../../out/renderer')

export async function openChromiumShell(options: ChromiumShellOptions): Promise<ChromiumShell> {
  const { host } = options
  const rendererDir = normalize((options.rendererDir ?? defaultRendererDir) + sep)
  const running = options.running ?? (await launchChromium(options.headless ?? true))
  const { browser } = running
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1360, height: 860 },
    ...(options.reducedMotion ? { reducedMotion: options.reducedMotion } : {}),
  })

  // The page may load only the app's own files; every other request is refused before it leaves.
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url())
    if (url.origin !== CHROMIUM_APP_ORIGIN) return route.abort('blockedbyclient')
    const relative = decodedPath(url.pathname === '/' ? '/index.html' : url.pathname)
    const file = relative === null ? null : normalize(join(rendererDir, relative))
    if (file === null || !file.startsWith(rendererDir))
      return route.fulfill({ status: 404, body: 'Not found' })
    try {
      const body = await readFile(file)
      return route.fulfill({
        status: 200,
        body,
        headers: {
          'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
        },
      })
    } catch {
      return route.fulfill({ status: 404, body: 'Not found' })
    }
  })

  const unsubscribes: (() => void)[] = []
  const pages = new Set<PageEvents>()

  /** A page of the app in this browser: the bridge to the host, then the renderer loaded. */
  async function openPage(): Promise<Page> {
    const page = await context.newPage()
    const isAppMainFrame = (frame: { url(): string } | undefined) => {
      if (!frame || frame !== page.mainFrame()) return false
      try {
        return new URL(frame.url()).origin === CHROMIUM_APP_ORIGIN
      } catch {
        return false
      }
    }

    await page.exposeBinding('__userdeckInvoke', async (source, channel: unknown, input: unknown) => {
      if (!isAppMainFrame(source.frame)) {
        return {
          ok: false,
          error: appError('untrusted_sender', 'This call did not come from the Userdeck page.'),
        }
      }
      return host.dispatch(channel, input)
    })

    // Payloads carry user records: the page takes them all at each ask, so the shell holds none of
    // them for longer than one round trip.
    const events = new PageEvents(EVENT_POLL_MS)
    pages.add(events)
    const unsubscribe = host.events.subscribe((event, payload) => events.push(event, payload))
    unsubscribes.push(unsubscribe)
    page.on('close', () => {
      unsubscribe()
      events.close()
      pages.delete(events)
    })
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) events.navigated()
    })
    await page.exposeBinding('__userdeckNextEvents', async (source) => {
      if (!isAppMainFrame(source.frame)) return []
      return events.next()
    })

    // The page has no links of its own (help pages go through `app.openHelp`): window.open is replaced
    // in the bridge, and a popup opened another way (from an about:blank frame) is closed at once.
    page.on('popup', (popup) => void popup.close().catch(() => undefined))
    await page.addInitScript(bridgeScript())
    await page.goto(`${CHROMIUM_APP_ORIGIN}/index.html`)
    return page
  }

  const page = await openPage()

  return {
    browser,
    context,
    page,
    unsandboxed: running.unsandboxed,
    openPage,
    async close() {
      for (const off of unsubscribes) off()
      for (const events of pages) events.close()
      if (options.running) await context.close()
      else await browser.close()
    },
  }
}

/** A path with its escapes decoded, or null when they are broken (`%E0%A4%A`) or smuggle a NUL. */
function decodedPath(path: string): string | null {
  try {
    const decoded = decodeURIComponent(path)
    return decoded.includes('\0') ? null : decoded
  } catch {
    return null
  }
}

/**
 * Runs in the page before its own scripts: takes the two bindings off `window` (so the page keeps
 * only `window.userdeck`) and builds the same object the preload builds.
 */
function bridgeScript(): string {
  return `(() => {
  const __name = (target) => target;
  const invoke = window.__userdeckInvoke;
  const nextEvents = window.__userdeckNextEvents;
  delete window.__userdeckInvoke;
  delete window.__userdeckNextEvents;
  Object.defineProperty(window, 'open', { value: () => null, writable: false, configurable: false });
  if (typeof invoke !== 'function' || window.top !== window) return;
  const listeners = new Map();
  const subscribe = (event, listener) => {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(listener);
    return () => listeners.get(event).delete(listener);
  };
  (async () => {
    for (;;) {
      let batch;
      try { batch = await nextEvents(); } catch { return; }
      for (const [event, payload] of batch) for (const l of listeners.get(event) ?? []) l(payload);
    }
  })();
  const api = (${buildBridge.toString()})(${JSON.stringify(channelNames)}, ${JSON.stringify(eventNames)}, (c, i) => invoke(c, i), subscribe);
  Object.defineProperty(window, 'userdeck', { value: api, enumerable: true, configurable: false, writable: false });
})();`
}
