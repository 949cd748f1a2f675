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
