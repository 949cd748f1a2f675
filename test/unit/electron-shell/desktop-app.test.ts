import { describe, expect, it } from 'vitest'
import type { MenuItemConstructorOptions } from 'electron'
import { helpPages } from '@shared/contract/app'
import { runDesktopApp, type LifecycleApp, type StartedApp } from '../../../src/main/electron/lifecycle'
import { WindowSlot, type FocusableWindow } from '../../../src/main/electron/window-slot'
import { appMenuTemplate, type AppMenuOptions } from '../../../src/main/electron/app-menu'

/** An `app` that records what the lifecycle asks of it and keeps its listeners so the test can fire them. */
class FakeApp implements LifecycleApp {
  readonly calls: string[] = []
  readonly listeners = new Map<string, (event: { preventDefault(): void }) => void>()
  private ready!: () => void
  private readonly readyPromise = new Promise<void>((resolve) => (this.ready = resolve))
  constructor(private readonly lock = true) {}
  requestSingleInstanceLock() {
    this.calls.push('requestSingleInstanceLock')
    return this.lock
  }
  whenReady() {
    return this.readyPromise
  }
  on(event: string, listener: (event: { preventDefault(): void }) => void) {
    this.listeners.set(event, listener)
    return this
  }
  quit() {
    this.calls.push('quit')
  }
  exit(code = 0) {
    this.calls.push(`exit ${code}`)
  }
  becomeReady() {
    this.ready()
  }
  /** Fires an event; true when the lifecycle called preventDefault. */
  fire(name: string): boolean {
    let prevented = false
    const listener = this.listeners.get(name)
    if (!listener) throw new Error(`no ${name} listener`)
    listener({ preventDefault: () => void (prevented = true) })
    return prevented
  }
}

class FakeDialog {
  readonly boxes: { title: string; content: string }[] = []
  showErrorBox(title: string, content: string) {
    this.boxes.push({ title, content })
  }
}

/** Resolves once the microtasks queued by a settled promise chain have run. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !check(); i++) await new Promise((resolve) => setImmediate(resolve))
  expect(check()).toBe(true)
}

function launch(options: { lock?: boolean; platform?: NodeJS.Platform; start?: () => Promise<StartedApp> }) {
  const app = new FakeApp(options.lock ?? true)
  const dialog = new FakeDialog()
  const presented: number[] = []
  let closed = 0
  const started = { count: 0 }
  const start =
    options.start ??
    (async (): Promise<StartedApp> => {
      started.count++
      return {
        present: async () => void presented.push(presented.length + 1),
        close: async () => void closed++,
      }
    })
  const running = runDesktopApp(
    { app, dialog, platform: options.platform ?? 'linux', logFile: '/data/logs/userdeck.log' },
    start,
  )
  return { app, dialog, running, presented, started, closedCount: () => closed }
}

describe('one instance per data folder', () => {
  it('a second launch quits at once and starts nothing', async () => {
    const { app, running, started } = launch({ lock: false })
    expect(running).toBe(false)
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'quit'])
    app.becomeReady()
    await new Promise((resolve) => setImmediate(resolve))
    expect(started.count).toBe(0)
    expect(app.listeners.size).toBe(0)
  })

  it('the running app brings its window forward when launched again', async () => {
    const { app, running, presented } = launch({})
    expect(running).toBe(true)
    app.becomeReady()
    await until(() => presented.length === 1)
    app.fire('second-instance')
    await until(() => presented.length === 2)
  })

  it('a second launch before the window is up waits for that window rather than opening another', async () => {
    const { app, presented } = launch({})
    app.fire('second-instance')
    app.becomeReady()
    await until(() => presented.length === 1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(presented).toEqual([1])
  })
})

describe('a failure to start', () => {
  it('inside start() shows a dialog saying what to do and exits non-zero', async () => {
    const { app, dialog } = launch({
      start: async () => {
        throw new Error('The data folder /data is not writable.')
      },
    })
    app.becomeReady()
    await until(() => dialog.boxes.length === 1)
    expect(dialog.boxes[0]!.title).toBe('Userdeck could not start')
    expect(dialog.boxes[0]!.content).toContain('The data folder /data is not writable.')
    expect(dialog.boxes[0]!.content).toContain('Start Userdeck again')
    expect(dialog.boxes[0]!.content).toContain('/data/logs/userdeck.log')
    expect(app.calls).toContain('exit 1')
  })

  it('while opening the first window does the same', async () => {
    const { app, dialog } = launch({
      start: async () => ({
        present: async () => {
          throw new Error('The window could not load.')
        },
        close: async () => {},
      }),
    })
    app.becomeReady()
    await until(() => app.calls.includes('exit 1'))
    expect(dialog.boxes.map((b) => b.title)).toEqual(['Userdeck could not start'])
  })
})

describe('windows closing', () => {
  it('quits on Linux and Windows when the last window closes', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const { app } = launch({ platform })
      app.fire('window-all-closed')
      expect(app.calls).toContain('quit')
    }
  })

  it('keeps running on macOS and opens a window again on activate', async () => {
    const { app, presented } = launch({ platform: 'darwin' })
    app.becomeReady()
    await until(() => presented.length === 1)
    app.fire('window-all-closed')
    expect(app.calls).not.toContain('quit')
    app.fire('activate')
    await until(() => presented.length === 2)
  })

  it('closes the host before the process ends, once', async () => {
    const { app, presented, closedCount } = launch({})
    app.becomeReady()
    await until(() => presented.length === 1)
    expect(app.fire('will-quit')).toBe(true)
    await until(() => app.calls.includes('exit 0'))
    expect(closedCount()).toBe(1)
    expect(app.fire('will-quit')).toBe(false)
  })
})

class FakeWindow implements FocusableWindow {
  readonly calls: string[] = []
  destroyed = false
  minimized = false
  isDestroyed() {
    return this.destroyed
  }
  isMinimized() {
    return this.minimized
  }
  restore() {
    this.calls.push('restore')
    this.minimized = false
  }
  focus() {
    this.calls.push('focus')
  }
}

describe('the window slot', () => {
  function slot() {
    const opened: FakeWindow[] = []
    const windows = new WindowSlot(async () => {
      const window = new FakeWindow()
      opened.push(window)
      return window
    })
    return { windows, opened }
  }

  it('opens a window when none is open, and only one for two requests at once', async () => {
    const { windows, opened } = slot()
    await Promise.all([windows.present(), windows.present()])
    expect(opened).toHaveLength(1)
  })

  it('restores and focuses the open window instead of opening another', async () => {
    const { windows, opened } = slot()
    await windows.present()
    opened[0]!.minimized = true
    await windows.present()
    expect(opened).toHaveLength(1)
    expect(opened[0]!.calls).toEqual(['restore', 'focus'])
  })

  it('opens a new window once the last one is closed', async () => {
    const { windows, opened } = slot()
    await windows.present()
    opened[0]!.destroyed = true
    await windows.present()
    expect(opened).toHaveLength(2)
    expect(opened[0]!.calls).toEqual([])
  })
})

describe('the application menu', () => {
  function menu(overrides: Partial<AppMenuOptions> = {}) {
    const opened: string[] = []
    const help: string[] = []
    const errors: { title: string; content: string }[] = []
    const template = appMenuTemplate({
      platform: 'linux',
      packaged: true,
      dataDir: '/data',
      logFile: '/data/logs/userdeck.log',
      openPath: async (path) => {
        opened.push(path)
        return ''
      },
      openHelp: (topic) => void help.push(topic),
      showError: (title, content) => void errors.push({ title, content }),
      ...overrides,
    })
    const submenu = (label: string): MenuItemConstructorOptions[] => {
      const top = template.find((item) => item.label === label || item.role === label)
      if (!top) throw new Error(`no ${label} menu`)
      return top.submenu as MenuItemConstructorOptions[]
    }
    const item = (menuLabel: string, label: string): MenuItemConstructorOptions => {
      const found = submenu(menuLabel).find((i) => i.label === label)
      if (!found) throw new Error(`no ${label} in ${menuLabel}`)
      return found
    }
    const click = (menuLabel: string, label: string) => (item(menuLabel, label).click as () => void)()
    return { template, submenu, click, opened, help, errors }
  }
  const roles = (items: MenuItemConstructorOptions[]) => items.map((i) => i.role).filter(Boolean)

  it('has the app menu first on macOS only', () => {
    expect(menu({ platform: 'darwin' }).template[0]!.role).toBe('appMenu')
    expect(menu({ platform: 'linux' }).template.some((i) => i.role === 'appMenu')).toBe(false)
    expect(roles(menu({ platform: 'win32' }).submenu('File'))).toEqual(['quit'])
  })

  it('has Edit with undo, redo, cut, copy, paste and select all', () => {
    expect(roles(menu().submenu('Edit'))).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll'])
  })

  it('has View with reload and zoom, and DevTools only when not packaged', () => {
    const packaged = roles(menu({ packaged: true }).submenu('View'))
    expect(packaged).toEqual(expect.arrayContaining(['reload', 'resetZoom', 'zoomIn', 'zoomOut']))
    expect(packaged).not.toContain('toggleDevTools')
    expect(roles(menu({ packaged: false }).submenu('View'))).toContain('toggleDevTools')
  })

  it('has the Window menu', () => {
    expect(menu().template.some((i) => i.role === 'windowMenu')).toBe(true)
  })

  it('Help opens the data folder and the log file where the host keeps them', async () => {
    const m = menu()
    m.click('help', 'Open Data Folder')
    m.click('help', 'Open Log File')
    await until(() => m.opened.length === 2)
    expect(m.opened).toEqual(['/data', '/data/logs/userdeck.log'])
    expect(m.errors).toEqual([])
  })

  it('Help says where the log is when it cannot be opened', async () => {
    const m = menu({ openPath: async () => 'Failed to open path' })
    m.click('help', 'Open Log File')
    await until(() => m.errors.length === 1)
    expect(m.errors[0]!.title).toBe('Userdeck could not open the log file')
    expect(m.errors[0]!.content).toContain('Failed to open path')
    expect(m.errors[0]!.content).toContain('/data/logs/userdeck.log')
  })

  it('Help lists every help page the host may open, by topic', () => {
    const m = menu()
    const pages = m.submenu('help').filter((i) => i.label && !i.label.startsWith('Open '))
    expect(pages).toHaveLength(Object.keys(helpPages).length)
    for (const page of pages) (page.click as () => void)()
    expect(m.help).toEqual(Object.keys(helpPages))
  })
})
