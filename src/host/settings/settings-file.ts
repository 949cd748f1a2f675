import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultUiSettings, type UiSettings } from '@shared/models/settings'

/**
 * The window's remembered settings, one JSON file in the data folder, written atomically and readable
 * by this OS user alone. A file that is missing or unreadable gives the defaults: settings are a
 * convenience, never a reason not to start.
 */
export class SettingsFile {
  private readonly file: string
  private current: UiSettings

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    this.file = join(dataDir, 'settings.json')
    this.current = this.read()
  }

  get(): UiSettings {
    return this.current
  }

  save(next: UiSettings): UiSettings {
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(next, null, 2), { mode: 0o600 })
    renameSync(tmp, this.file)
    this.current = next
    return next
  }

  private read(): UiSettings {
    try {
      const stored = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<UiSettings>
      return { ...defaultUiSettings, ...stored }
    } catch {
      return defaultUiSettings
    }
  }
}
