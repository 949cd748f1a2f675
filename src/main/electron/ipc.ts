import { channelNames } from '@shared/contract'
import { appError, type Result } from '@shared/errors'
import type { Host } from '../../host'
import { isTrustedSender, type SenderInfo } from './trusted-sender'

/** The part of Electron's IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  sender: { id: number; mainFrame: unknown }
  senderFrame: { url: string } | null
}

export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>>,
  ): void
  removeHandler(channel: string): void
}

export interface WindowTarget {
  isDestroyed(): boolean
  webContents: { id: number; send(channel: string, payload: unknown): void }
}

export interface TrustedSenders {
  origins: readonly string[]
  webContentsIds: ReadonlySet<number>
}

export function senderOf(event: InvokeEventLike): SenderInfo {
  const frame = event.senderFrame
  return {
    frameUrl: frame?.url ?? null,
    isMainFrame: frame !== null && frame === event.sender.mainFrame,
    webContentsId: event.sender.id,
  }
}

/** What `ipcMain.handle` gets for one channel: the sender is checked before the dispatcher sees anything. */
export function guardedHandler(
  channel: string,
  dispatch: Host['dispatch'],
  trusted: TrustedSenders,
): (event: InvokeEventLike, input: unknown) => Promise<Result<unknown>> {
  return async (event, input) => {
    if (!isTrustedSender(senderOf(event), trusted)) {
      return {
        ok: false,
        error: appError('untrusted_sender', 'This call did not come from the Userdeck window.'),
      }
    }
    return dispatch(channel, input)
  }
}

/** One handler per contract channel, and main's events forwarded to the window. Returns the undo. */
export function serveContract(
  ipcMain: IpcMainLike,
  host: Pick<Host, 'dispatch' | 'events'>,
  window: WindowTarget,
  appOrigins: readonly string[],
): () => void {
  const trusted: TrustedSenders = { origins: appOrigins, webContentsIds: new Set([window.webContents.id]) }
  for (const channel of channelNames) ipcMain.handle(channel, guardedHandler(channel, host.dispatch, trusted))
  const unsubscribe = host.events.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(event, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of channelNames) ipcMain.removeHandler(channel)
  }
}
