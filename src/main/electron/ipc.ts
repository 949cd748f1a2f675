import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { channelNames } from '@shared/contract'
import { appError } from '@shared/errors'
import { ELECTRON_APP_ORIGIN } from '@shared/csp'
import type { Host } from '../host'
import { isTrustedSender } from '../ipc/trusted-sender'

/** One `ipcMain.handle` per contract channel; each checks the sender before the dispatcher sees the call. */
export function serveContract(host: Host, window: BrowserWindow, devOrigin: string | null): () => void {
  const trusted = {
    origins: devOrigin ? [ELECTRON_APP_ORIGIN, devOrigin] : [ELECTRON_APP_ORIGIN],
    webContentsIds: new Set([window.webContents.id]),
  }
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, input: unknown) => {
      const frame = event.senderFrame
      const sender = {
        frameUrl: frame?.url ?? null,
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
        webContentsId: event.sender.id,
      }
      if (!isTrustedSender(sender, trusted)) {
        return {
          ok: false,
          error: appError('untrusted_sender', 'This call did not come from the Userdeck window.'),
        }
      }
      return host.dispatch(channel, input)
    })
  }
  const unsubscribe = host.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of channelNames) ipcMain.removeHandler(channel)
  }
}
