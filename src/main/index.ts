/** The Electron shell: wiring. The policy and the lifecycle live in ./electron, the work in the host. */
import {
  BrowserWindow,
  Menu,
  app,
  dialog,
  ipcMain,
  net,
  protocol,
  session,
  shell,
  utilityProcess,
} from 'electron'
import { join } from 'node:path'
import { ELECTRON_APP_ORIGIN } from '@shared/csp'
import { createHost, limitHeapGrowth, logFilePath } from '../host'
import { createMainWindow } from './electron/window'
import { debuggingSwitch, hardenApp } from './electron/security'
import { registerAppScheme, serveRenderer } from './electron/protocol'
import { serveContract } from './electron/ipc'
import { appMenuTemplate } from './electron/app-menu'
import { WindowSlot } from './electron/window-slot'
import { runDesktopApp, type StartedApp } from './electron/lifecycle'
import { utilityProcessProbe } from './electron/keychain-probe'

const devUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null
const appOrigins = devUrl ? [ELECTRON_APP_ORIGIN, new URL(devUrl).origin] : [ELECTRON_APP_ORIGIN]

async function start(): Promise<StartedApp> {
  hardenApp({ app, session }, appOrigins)
  serveRenderer({ protocol, net }, join(import.meta.dirname, '../renderer'))
  const dataDir = app.getPath('userData')
  const host = await createHost({
    dataDir,
    shell: 'electron',
    // Built beside this file (electron.vite.config.ts); checked in a utility process of its own.
    keychainProbe: {
      spawn: utilityProcessProbe((...args) => utilityProcess.fork(...args)),
      script: { path: join(import.meta.dirname, 'keychain-probe.js') },
    },
    // Reviewed: the host passes only addresses from the fixed list in src/shared/contract/app.ts.
    openInBrowser: (url) => shell.openExternal(url), // eng-disable OPEN_EXTERNAL_JS_CHECK
  })
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        packaged: app.isPackaged,
        dataDir,
        logFile: logFilePath(dataDir),
        openPath: (path) => shell.openPath(path),
        openHelp: (topic) => void host.dispatch('app.openHelp', { topic }),
        showError: (title, content) => dialog.showErrorBox(title, content),
      }),
    ),
  )
  // A window closed on macOS leaves the app running; the next one is served the contract afresh.
  const windows = new WindowSlot(async () => {
    const window = createMainWindow(BrowserWindow, join(import.meta.dirname, '../preload/index.cjs'), {
      packaged: app.isPackaged,
    })
    window.once('closed', serveContract(ipcMain, host, window, appOrigins))
    await window.loadURL(devUrl ?? `${ELECTRON_APP_ORIGIN}/index.html`)
    return window
  })
  return { present: () => windows.present(), close: () => host.close() }
}

// Before anything else: a packaged app started for a remote debugger quits rather than open its window.
const debugging = debuggingSwitch(app.commandLine, app.isPackaged)
if (debugging) {
  console.error(
    `Userdeck does not run with ${debugging}: a debugger could drive its window. Start it without it.`,
  )
  app.exit(1)
} else {
  limitHeapGrowth()
  if (process.env.USERDECK_DATA_DIR) app.setPath('userData', process.env.USERDECK_DATA_DIR)
  registerAppScheme({ protocol })
  runDesktopApp(
    { app, dialog, platform: process.platform, logFile: logFilePath(app.getPath('userData')) },
    start,
  )
}
