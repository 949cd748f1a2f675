import { join } from 'node:path'
import { defaultUiSettings, type UiSettings } from '@shared/models/settings'
import { readPrivateJson, writePrivateJson } from '../private-files'

/**
 * The window's remembered settings, one JSON file in the data folder, written atomically and readable
 * by this OS user alone. A file that is missing or damaged (kept aside, see `readPrivateJson`) gives
 * the defaults: settings are a convenience, never a reason not to start.
 */
export class SettingsFile {
  private readonly file: string
  private current: UiSettings

  /** @param setAside told where a damaged file was renamed to (see `readPrivateJson`). */
  constructor(dataDir: string, setAside: (keptAs: string) => void) {
    this.file = join(dataDir, 'settings.json')
    this.current = this.read(setAside)
  }

  get(): UiSettings {
    return this.current
  }

  save(next: UiSettings): UiSettings {
    writePrivateJson(this.file, next)
    this.current = next
    return next
  }

  private read(setAside: (keptAs: string) => void): UiSettings {
    const stored = readPrivateJson(
      this.file,
      (parsed) => {
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
          throw new TypeError('not settings')
        return parsed as Partial<UiSettings>
      },
      setAside,
    )
    return { ...defaultUiSettings, ...stored }
  }
}
