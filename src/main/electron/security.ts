/**
 * App-wide navigation, window, webview and permission policy. Pure except for what is injected, so the
 * tests hand in recorders for `app` and `session` and drive the very listeners registered here.
 */

/** The origin of a URL, rebuilt for custom schemes, whose origin the URL parser reports as "null". */
function originOf(raw: string): string | null {
  try {
    const url = new URL(raw)
    return url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`
  } catch {
    return null
  }
}

/** Compared parsed and whole: `app://userdeck.evil` and `app://userdeck@evil` are not the app. */
export function isAppUrl(raw: string, appOrigins: readonly string[]): boolean {
  const origin = originOf(raw)
  return origin !== null && appOrigins.includes(origin)
}

export interface PreventableEvent {
  preventDefault(): void
}

/** The part of Electron's WebContents the policy touches. */
export interface ContentsLike {
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

export interface HardeningDeps {
  app: {
    on(event: 'web-contents-created', listener: (event: unknown, contents: ContentsLike) => void): unknown
  }
  session: {
    defaultSession: {
      setPermissionRequestHandler(
        handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
      ): void
      setPermissionCheckHandler(handler: () => boolean): void
    }
  }
}

/** Navigation, new windows and webviews: denied on every webContents the app ever creates. */
export function hardenContents(contents: ContentsLike, appOrigins: readonly string[]): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigins)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appOrigins)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // The page links only to its own screens (the sidebar's #jobs, which a click opens in place); the
  // few help pages it may open go through the contract (`app.openHelp`), whose destinations are a
  // fixed list in the host. A page that calls window.open gets nothing, not even an https address in
  // the system browser.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Runs before any window exists, so no webContents escapes the policy. Permissions: Userdeck needs none. */
export function hardenApp(deps: HardeningDeps, appOrigins: readonly string[]): void {
  deps.app.on('web-contents-created', (_event, contents) => hardenContents(contents, appOrigins))
  deps.session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) =>
    callback(false),
  )
  deps.session.defaultSession.setPermissionCheckHandler(() => false)
}

/** Chromium's switches that open the app to a debugger; Electron's fuses do not cover these. */
const DEBUGGING_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe']

/**
 * The remote-debugging switch a packaged app was started with, or null. Such an app quits: a debugger
 * attached to it could drive the window and so every channel. An unpacked app (`npm start`, the
 * Electron tests through Playwright, which start it with `--remote-debugging-port`) is a developer's.
 */
export function debuggingSwitch(
  commandLine: { hasSwitch(name: string): boolean },
  packaged: boolean,
): string | null {
  if (!packaged) return null
  const found = DEBUGGING_SWITCHES.find((name) => commandLine.hasSwitch(name))
  return found ? `--${found}` : null
}
