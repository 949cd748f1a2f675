import type { MenuItemConstructorOptions } from 'electron'
import { helpPages, type HelpTopic } from '@shared/contract/app'

/** The menu's name for each help page; typed by topic, so a new page cannot be left out of Help. */
const HELP_LABELS: Record<HelpTopic, string> = {
  'api-keys': 'About Appwrite API Keys',
}

export interface AppMenuOptions {
  platform: NodeJS.Platform
  /** A packaged app has no DevTools, so its View menu offers none. */
  packaged: boolean
  dataDir: string
  logFile: string
  /** Electron's `shell.openPath`: answers '' when the path opened, else what went wrong. */
  openPath(path: string): Promise<string>
  /** Opens a help page through the host's `app.openHelp`, whose list of addresses is the only one. */
  openHelp(topic: HelpTopic): void
  showError(title: string, content: string): void
}

/**
 * The standard menus (Edit for copy and paste, View, Window) plus Help, which opens the data folder,
 * the log and the help pages. Electron's roles do the work, so each item behaves as the platform's do.
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const open = (what: string, path: string, note = ''): void => {
    void options.openPath(path).then((problem) => {
      if (problem)
        options.showError(`Userdeck could not open the ${what}`, `${problem}\n\nIt is at ${path}.${note}`)
    })
  }
  const helpTopics = Object.keys(helpPages) as HelpTopic[]
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : [{ label: 'File', submenu: [{ role: 'quit' } as const] }]),
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        ...(options.packaged ? [] : [{ role: 'toggleDevTools' } as const]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Open Data Folder', click: () => open('data folder', options.dataDir) },
        {
          label: 'Open Log File',
          click: () =>
            // The host writes the log only once it has something to note, so a new install has none.
            open('log file', options.logFile, ' Userdeck writes it once it has something to note.'),
        },
        { type: 'separator' },
        ...helpTopics.map((topic) => ({ label: HELP_LABELS[topic], click: () => options.openHelp(topic) })),
      ],
    },
  ]
}
