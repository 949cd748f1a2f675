import type { settingsChannels } from '@shared/contract/settings'
import type { UiSettings, UsersListState } from '@shared/models/settings'
import type { Core, Feature } from '../core'
import { SettingsFile } from './settings-file'

/** What the window remembers between runs: privacy mode, the last project, each list's state. */
export function createSettingsFeature(core: Core): Feature<typeof settingsChannels> {
  const file = new SettingsFile(core.dataDir)
  return {
    handlers: {
      'settings.get': async () => file.get(),
      'settings.update': async ({ usersLists, ...rest }) => {
        const current = file.get()
        const lists: Record<string, UsersListState> = { ...current.usersLists }
        for (const [project, state] of Object.entries(usersLists ?? {})) {
          if (state) lists[project] = state
          else delete lists[project]
        }
        const next: UiSettings = {
          ...current,
          ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
          usersLists: lists,
        }
        return file.save(next)
      },
    },
  }
}
