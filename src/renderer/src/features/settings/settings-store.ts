import { create } from 'zustand'
import { notifications } from '@mantine/notifications'
import type { Input } from '@shared/contract'
import { applySettingsPatch, defaultUiSettings, type UiSettings } from '@shared/models/settings'
import { call, errorOf } from '../../api'

interface SettingsState {
  settings: UiSettings
  /** Reads them once; every later call gets the same promise. */
  ready(): Promise<UiSettings>
  /** Changes them here at once and asks the host to keep them. */
  update(patch: Input<'settings.update'>): void
}

let loading: Promise<UiSettings> | null = null

/** What the window remembers between runs, kept by the host so every shell and restart sees it. */
export const useSettings = create<SettingsState>((set, get) => ({
  settings: defaultUiSettings,
  ready() {
    loading ??= call((a) => a.settings.get({})).then(
      (settings) => {
        set({ settings })
        return settings
      },
      // Settings are a convenience: without them the window starts as on a first run.
      () => get().settings,
    )
    return loading
  },
  update(patch) {
    set({ settings: applySettingsPatch(get().settings, patch) })
    call((a) => a.settings.update(patch)).catch((err: unknown) =>
      notifications.show({
        id: 'settings-not-saved',
        color: 'orange',
        title: 'Could not remember that for next time',
        message: errorOf(err).message,
      }),
    )
  },
}))
