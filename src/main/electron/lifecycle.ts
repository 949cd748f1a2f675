/**
 * How the app starts, runs and ends, as desktop apps do: one instance per data folder, a failure to
 * start said in a dialog, macOS's keep-running convention, and the host closed before the process ends.
 * Electron's `app` and `dialog` are injected, so the tests drive the very listeners registered here.
 */

export interface LifecycleApp {
  requestSingleInstanceLock(): boolean
  whenReady(): Promise<unknown>
  on(event: 'second-instance' | 'activate' | 'window-all-closed', listener: () => void): unknown
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
  exit(code?: number): void
}

export interface LifecycleDeps {
  app: LifecycleApp
  dialog: { showErrorBox(title: string, content: string): void }
  platform: NodeJS.Platform
  /** Named in the error dialog: where to look, and what to send with a report. */
  logFile: string
}

/** What a started app hands back: how to bring its window forward (opening one if none is open) and how to close. */
export interface StartedApp {
  present(): Promise<void>
  close(): Promise<void>
}

export function startFailureMessage(err: unknown, logFile: string): string {
  const reason = err instanceof Error ? err.message : String(err)
  return (
    `${reason}\n\nStart Userdeck again. If it fails again, send this message and the log file ` +
    `(${logFile}) with your report.`
  )
}

/**
 * Runs `start` once Electron is ready and opens the first window. Answers false, having asked the app
 * to quit, when another Userdeck already runs on this data folder: that one comes forward instead.
 */
export function runDesktopApp(deps: LifecycleDeps, start: () => Promise<StartedApp>): boolean {
  const { app, dialog, platform, logFile } = deps
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  const fail = (err: unknown): void => {
    dialog.showErrorBox('Userdeck could not start', startFailureMessage(err, logFile))
    app.exit(1)
  }

  let started: StartedApp | null = null
  // Before the first window is up, a second launch or a dock click has nothing to bring forward:
  // the first window is about to appear anyway.
  const bringForward = (): void => void started?.present().catch(fail)
  app.on('second-instance', bringForward)
  app.on('activate', bringForward)
  // macOS apps keep running with no window; the dock icon (`activate`) opens a new one.
  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit()
  })
  // Let running jobs stop cleanly (they resume from the journal next time) and the demo data flush
  // before the process ends: Electron does not wait for a promise in will-quit on its own.
  let closing = false
  app.on('will-quit', (event) => {
    if (!started || closing) return
    closing = true
    event.preventDefault()
    void started.close().finally(() => app.exit(0))
  })

  app
    .whenReady()
    .then(start)
    .then((running) => {
      started = running
      return running.present()
    })
    .catch(fail)
  return true
}
