import type { settingsChannels } from '@shared/contract/settings'
import { applySettingsPatch } from '@shared/models/settings'
import type { Core, Feature } from '../core'
import { SettingsFile } from './settings-file'

/** What the window remembers between runs: privacy mode, the last project, each list's state. */
export function createSettingsFeature(core: Core): Feature<typeof settingsChannels> {
  const file = new SettingsFile(core.dataDir, core.keptAside.recorder("The window's settings"))
  return {
    handlers: {
      'settings.get': async () => file.get(),
      'settings.update': async (patch) => file.save(applySettingsPatch(file.get(), patch)),
    },
  }
}
