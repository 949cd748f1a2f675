/**
 * The bridge. It exposes one function per contract channel and `on(event, listener)`, built from the
 * contract's names; never ipcRenderer, never a channel name chosen by the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { channelNames, eventNames } from '@shared/contract'
import { buildBridge } from '@shared/bridge'

const api = buildBridge(
  channelNames,
  eventNames,
  (channel, input) => ipcRenderer.invoke(channel, input),
  (event, listener) => {
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(event, wrapped)
    return () => ipcRenderer.removeListener(event, wrapped)
  },
)

contextBridge.exposeInMainWorld('userdeck', api)
