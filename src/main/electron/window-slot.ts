/** What the slot needs of a window; Electron's BrowserWindow, or a recorder in tests. */
export interface FocusableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  focus(): void
}

/**
 * The app's one main window. `present` brings it forward, or opens one when none is open (the first
 * start, a window closed on macOS while the app runs on). Two requests at once open one window.
 */
export class WindowSlot<W extends FocusableWindow> {
  private window: W | null = null
  private opening: Promise<W> | null = null

  constructor(private readonly open: () => Promise<W>) {}

  async present(): Promise<void> {
    const window = this.window
    if (window && !window.isDestroyed()) {
      if (window.isMinimized()) window.restore()
      window.focus()
      return
    }
    if (!this.opening) {
      this.opening = this.open().finally(() => (this.opening = null))
    }
    this.window = await this.opening
  }
}
