/** What the window remembers between runs: kept by the host in the data folder, so every shell shares it. */
import type { UserFilters, UserSort } from '../contract/users'

/** The Users list of one project, as it was last left. */
export interface UsersListState {
  filters: UserFilters
  sort: UserSort | null
}

export interface UiSettings {
  /** Masks emails, phones and names on screen, for screen sharing. Exports are not masked. */
  privacy: boolean
  /** The project that was active when the window last changed project. */
  lastProject: string | null
  /** By project entry id. */
  usersLists: Record<string, UsersListState>
  /** The Users list's column widths in pixels, by column key. */
  usersColumns: Record<string, number>
}

export const defaultUiSettings: UiSettings = {
  privacy: false,
  lastProject: null,
  usersLists: {},
  usersColumns: {},
}

/** A change to the settings: what is given is set; `usersLists` names projects to set (null forgets one). */
export interface UiSettingsPatch {
  privacy?: boolean | undefined
  lastProject?: string | null | undefined
  usersLists?: Record<string, UsersListState | null> | undefined
  usersColumns?: Record<string, number> | undefined
}

/** The settings after a change. The host keeps them this way, and the window shows them at once the same way. */
export function applySettingsPatch(current: UiSettings, patch: UiSettingsPatch): UiSettings {
  const usersLists = { ...current.usersLists }
  for (const [project, state] of Object.entries(patch.usersLists ?? {})) {
    if (state) usersLists[project] = state
    else delete usersLists[project]
  }
  return {
    privacy: patch.privacy ?? current.privacy,
    lastProject: patch.lastProject !== undefined ? patch.lastProject : current.lastProject,
    usersLists,
    usersColumns: patch.usersColumns ?? current.usersColumns,
  }
}
