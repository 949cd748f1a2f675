/** The Electron shell: lifecycle and wiring. The policy lives in ./electron, the work in host.ts. */
import { BrowserWindow, app, dialog, ipcMain, net, protocol, session, shell, utilityProcess } from 'electron'
import { join } from 'node:path'
import { ELECTRON_APP_ORIGIN } from '@shared/csp'
import { createHost, type Host, limitHeapGrowth } from '../host'
import { createMainWindow } from './electron/window'
import { debuggingSwitch, hardenApp } from './electron/security'
import { registerAppScheme, serveRenderer } from './electron/protocol'
import { serveContract } from './electron/ipc'
import { utilityProcessProbe } from './electron/keychain-probe'

const devUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null
const appOrigins = devUrl ? [ELECTRON_APP_ORIGIN, new URL(devUrl).origin] : [ELECTRON_APP_ORIGIN]

let host: Host | null = null

async function start(): Promise<void> {
  hardenApp({ app, session }, appOrigins)
  serveRenderer({ protocol, net }, join(import.meta.dirname, '../renderer'))
  host = await createHost({
    dataDir: app.getPath('userData'),
    shell: 'electron',
    // Built beside this file (electron.vite.config.ts); checked in a utility process of its own.
    keychainProbe: {
      spawn: utilityProcessProbe((...args) => utilityProcess.fork(...args)),
      script: { path: join(import.meta.dirname, 'keychain-probe.js'), execArgv: [] },
    },
    // Reviewed: the host passes only addresses from the fixed list in src/shared/contract/app.ts.
    openInBrowser: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
  })
  const window = createMainWindow(BrowserWindow, join(import.meta.dirname, '../preload/index.cjs'), {
    packaged: app.isPackaged,
  })
  serveContract(ipcMain, host, window, appOrigins)
  await window.loadURL(devUrl ?? `${ELECTRON_APP_ORIGIN}/index.html`)
}

function boot(): void {
  limitHeapGrowth()
  if (process.env.USERDECK_DATA_DIR) app.setPath('userData', process.env.USERDECK_DATA_DIR)
  registerAppScheme({ protocol })
  app.whenReady().then(start, (err: unknown) => {
    dialog.showErrorBox('Userdeck could not start', err instanceof Error ? err.message : String(err))
    app.exit(1)
  })

  app.on('window-all-closed', () => app.quit())
  // Let running jobs stop cleanly (they resume from the journal next time) and the demo data flush
  // before the process ends: Electron does not wait for a promise in will-quit on its own.
  let closing = false
  app.on('will-quit', (event) => {
    if (!host || closing) return
    closing = true
    event.preventDefault()
    void host.close().finally(() => app.exit(0))
  })
}

// Before anything else: a packaged app started for a remote debugger quits rather than open its window.
const debugging = debuggingSwitch(app.commandLine, app.isPackaged)
if (debugging) {
  console.error(
    `Userdeck does not run with ${debugging}: a debugger could drive its window. Start it without it.`,
  )
  app.exit(1)
} else {
  boot()
}
