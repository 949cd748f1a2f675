import { app, session, shell, type WebContents } from 'electron'
import { ELECTRON_APP_ORIGIN } from '@shared/csp'

function isAppUrl(raw: string, devOrigin: string | null): boolean {
  try {
    const url = new URL(raw)
    const origin = url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`
    return origin === ELECTRON_APP_ORIGIN || (devOrigin !== null && origin === devOrigin)
  } catch {
    return false
  }
}

/** Only https links leave the app, and only to the system browser. */
export function isSafeExternalUrl(raw: string): boolean {
  try {
    return new URL(raw).protocol === 'https:'
  } catch {
    return false
  }
}

/** Navigation, new windows, webviews and permissions: all denied, app-wide, before any window exists. */
export function hardenApp(devOrigin: string | null): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devOrigin)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devOrigin)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url)
      return { action: 'deny' }
    })
  })
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}
