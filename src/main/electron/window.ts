import type { BrowserWindowConstructorOptions } from 'electron'

/** What createMainWindow needs of a window; Electron's BrowserWindow, or a recorder in tests. */
export interface WindowLike {
  once(event: 'ready-to-show', listener: () => void): unknown
  show(): void
}

export type WindowConstructor<W extends WindowLike> = new (options: BrowserWindowConstructorOptions) => W

/**
 * The constructor is injected so a test can record the exact options the app opens its window with.
 * The parameter keeps the name `BrowserWindow` and the options stay one literal, so Electronegativity
 * reads the real policy here rather than guessing at a helper's return value. Every setting is written
 * out, even where Electron's default agrees, so neither a reader nor the scanner depends on defaults.
 */
export function createMainWindow<W extends WindowLike>(
  BrowserWindow: WindowConstructor<W>,
  preload: string,
  { packaged }: { packaged: boolean },
): W {
  const window = new BrowserWindow({
    width: 1360,
    height: 860,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Userdeck',
    autoHideMenuBar: true,
    webPreferences: {
      // The preload exposes only named functions derived from the contract (src/preload/index.ts,
      // checked by test/unit/foundation/contract.test.ts), never ipcRenderer or a free channel name.
      preload, // eng-disable PRELOAD_JS_CHECK
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // Middle-click would otherwise open links in a new window without going through window.open.
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // A packaged app has no DevTools: they would let anyone at the keyboard script the page.
      devTools: !packaged,
    },
  })
  window.once('ready-to-show', () => window.show())
  return window
}
