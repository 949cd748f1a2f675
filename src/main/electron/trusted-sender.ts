/**
 * Whether an IPC call comes from the app's own page. Kept free of Electron so the rule is unit-tested:
 * the Electron shell passes what it reads off the event. The origin is compared parsed, never with
 * startsWith (`app://userdeck.evil` must not pass).
 */
export interface SenderInfo {
  /** The URL of the frame that sent the message; null when Electron could not tell (frame gone). */
  frameUrl: string | null
  /** Whether that frame is the top frame of its page; subframes never get the API. */
  isMainFrame: boolean
  /** The id of the webContents that sent it. */
  webContentsId: number
}

export function isTrustedSender(
  sender: SenderInfo,
  trusted: { origins: readonly string[]; webContentsIds: ReadonlySet<number> },
): boolean {
  if (!sender.isMainFrame || sender.frameUrl === null) return false
  if (!trusted.webContentsIds.has(sender.webContentsId)) return false
  let origin: string
  try {
    const url = new URL(sender.frameUrl)
    // Custom schemes report an opaque origin ("null"); rebuild it from protocol and host.
    origin = url.origin !== 'null' ? url.origin : `${url.protocol}//${url.host}`
  } catch {
    return false
  }
  return trusted.origins.includes(origin)
}
