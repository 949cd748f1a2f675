import { create } from 'zustand'
import type { UserRecord } from '@shared/models'
import type { UserFilters, UserSort } from '@shared/contract/users'
import type { AppError } from '@shared/errors'
import type { Selection } from '@shared/models/jobs'
import { call, errorOf } from '../../api'
import { newRequestId } from '../../request-id'
import { useSettings } from '../settings/settings-store'
import { hasUnsavedEdits } from './unsaved-edits'

/** Big enough that a fast scroll rarely waits, small enough that each page lands quickly. */
export const PAGE_SIZE = 100

export interface UsersQuery {
  search: string
  filters: UserFilters
  sort: UserSort | null
}

interface UsersState extends UsersQuery {
  project: string | null
  users: UserRecord[]
  total: number
  totalCapped: boolean
  nextCursor: string | null
  /** Sent with `nextCursor`: where the next page starts, should Appwrite refuse the cursor. */
  nextOffset: number | null
  /** The first page of a new query is on its way. */
  loading: boolean
  loadingMore: boolean
  error: AppError | null
  /** The newest request's tag; an answer to an older one is dropped, so a slow search never wins. */
  requestId: string | null
  /** The row the keyboard is on. */
  selected: number
  /**
   * The user whose detail is open, possibly one not in the list (from the cross-project search), and
   * their project: the drawer shows only over that project's list. Shown over another, it read the
   * same id there, a stranger or "no longer exists", where a migrated user keeps their id across
   * projects.
   */
  detail: { project: string; userId: string } | null
  /** Users picked for a bulk action, by id. */
  picked: ReadonlySet<string>
  /** Where a Shift range starts: the row last picked or unpicked. */
  anchor: number | null
  /** "All M matching": the action is for the query itself, resolved on the server when the job runs. */
  allMatching: boolean
  /** A first page asked for before the screen was drawn, while the list still shows its query. */
  ahead: { project: string; loaded: Promise<void> } | null
  open(project: string, search?: string): Promise<void>
  /**
   * Asks for a project's first page before its screen is drawn; that screen's first `open` of the
   * same list takes the answer over rather than asking again.
   */
  openAhead(project: string): void
  /**
   * Opens a project's list on every user a search finds, as Ctrl-K counted them: with no filters. Those
   * remembered for the project are put aside, not forgotten: they are back the next time it is opened.
   */
  showMatches(project: string, search: string): Promise<void>
  setQuery(patch: Partial<UsersQuery>): Promise<void>
  reload(): Promise<void>
  loadMore(): Promise<void>
  select(index: number): void
  openDetail(project: string, userId: string): void
  closeDetail(): void
  /**
   * Puts a user changed in the detail back into the list without reloading it. Only into their own
   * project's list: an answer that comes after a switch would put them over a same-id stranger.
   */
  replace(project: string, user: UserRecord): void
  remove(project: string, userId: string): void
  /**
   * Toggles a row. With `range`, sets every row from the anchor to it as the anchor row is; with no
   * anchor yet (nothing picked or unpicked on this list), picks every row from the keyboard's row to it.
   */
  pick(index: number, range: boolean): void
  pickLoaded(): void
  pickAllMatching(): void
  clearPicks(): void
}

function queryInput(s: UsersQuery) {
  const filters = Object.fromEntries(Object.entries(s.filters).filter(([, v]) => v !== undefined && v !== ''))
  return {
    ...(s.search.trim() ? { search: s.search.trim() } : {}),
    ...(Object.keys(filters).length > 0 ? { filters: filters as UserFilters } : {}),
    ...(s.sort ? { sort: s.sort } : {}),
  }
}

export const useUsers = create<UsersState>((set, get) => ({
  project: null,
  search: '',
  filters: {},
  sort: null,
  users: [],
  total: 0,
  totalCapped: false,
  nextCursor: null,
  nextOffset: null,
  loading: false,
  loadingMore: false,
  error: null,
  requestId: null,
  selected: 0,
  detail: null,
  picked: new Set(),
  anchor: null,
  allMatching: false,
  ahead: null,
  async open(project, search = get().search) {
    const { ahead } = get()
    if (ahead?.project === project && search === get().search) {
      set({ ahead: null })
      return ahead.loaded
    }
    // The detail stays: the cross-project search switches project and opens a user in one go.
    // Another project's list opens as it was last left there.
    if (project !== get().project) {
      const remembered = useSettings.getState().settings.usersLists[project]
      set({ filters: remembered?.filters ?? {}, sort: remembered?.sort ?? null })
    }
    set({ project, search })
    await get().reload()
  },
  openAhead(project) {
    const loaded = get().open(project, '')
    set({ ahead: { project, loaded } })
  },
  showMatches(project, search) {
    // The person asked to see a list: a drawer left open would hide it. One with edits not saved stays
    // (over its own project's list only), as Esc would ask before letting them go.
    const { detail } = get()
    if (detail && !hasUnsavedEdits(detail.project, detail.userId)) set({ detail: null })
    if (project !== get().project)
      set({ sort: useSettings.getState().settings.usersLists[project]?.sort ?? null })
    set({ project, search, filters: {} })
    return get().reload()
  },
  async setQuery(patch) {
    set(patch)
    const { project, filters, sort } = get()
    if (project && (patch.filters !== undefined || patch.sort !== undefined)) {
      const kept = queryInput({ search: '', filters, sort: null }).filters ?? {}
      useSettings.getState().update({ usersLists: { [project]: { filters: kept, sort } } })
    }
    await get().reload()
  },
  async reload() {
    const { project } = get()
    if (!project) return
    const requestId = newRequestId()
    // A new query shows other users: picks made on the old one are not carried over unseen.
    set({
      ahead: null,
      requestId,
      loading: true,
      loadingMore: false,
      error: null,
      selected: 0,
      picked: new Set(),
      anchor: null,
      allMatching: false,
    })
    try {
      const page = await call((a) => a.users.list({ project, limit: PAGE_SIZE, ...queryInput(get()) }))
      if (get().requestId !== requestId) return
      set({
        users: page.users,
        total: page.total,
        totalCapped: page.totalCapped,
        nextCursor: page.nextCursor,
        nextOffset: page.nextOffset,
        loading: false,
      })
    } catch (err) {
      if (get().requestId === requestId)
        // No count stays beside an error: the numbers would be of a list no longer shown.
        set({
          loading: false,
          users: [],
          total: 0,
          totalCapped: false,
          nextCursor: null,
          nextOffset: null,
          error: errorOf(err),
        })
    }
  },
  async loadMore() {
    const { project, nextCursor, nextOffset, loading, loadingMore } = get()
    if (!project || !nextCursor || loading || loadingMore) return
    const requestId = newRequestId()
    set({ requestId, loadingMore: true })
    try {
      const page = await call((a) =>
        a.users.list({
          project,
          limit: PAGE_SIZE,
          cursor: nextCursor,
          ...(nextOffset === null ? {} : { offset: nextOffset }),
          // The first page counted already; counting again on every page would slow deep scrolling.
          total: false,
          ...queryInput(get()),
        }),
      )
      if (get().requestId !== requestId) return
      set({
        users: [...get().users, ...page.users],
        nextCursor: page.nextCursor,
        nextOffset: page.nextOffset,
        loadingMore: false,
      })
    } catch (err) {
      if (get().requestId === requestId) set({ loadingMore: false, error: errorOf(err) })
    }
  },
  select(index) {
    set({ selected: Math.max(0, Math.min(index, get().users.length - 1)) })
  },
  openDetail(project, userId) {
    set({ detail: { project, userId } })
  },
  closeDetail() {
    set({ detail: null })
  },
  replace(project, user) {
    if (get().project !== project) return
    set({ users: get().users.map((u) => (u.id === user.id ? user : u)) })
  },
  remove(project, userId) {
    if (get().project !== project) return
    set({ users: get().users.filter((u) => u.id !== userId), total: Math.max(0, get().total - 1) })
  },
  pick(index, range) {
    const { users, picked, anchor, selected } = get()
    const user = users[index]
    if (!user) return
    const next = new Set(picked)
    const start = range ? Math.min(anchor ?? selected, users.length - 1) : index
    const on = !range ? !picked.has(user.id) : anchor === null || picked.has(users[anchor]?.id ?? '')
    const [from, to] = [Math.min(start, index), Math.max(start, index)]
    for (let i = from; i <= to; i++) {
      const id = users[i]!.id
      if (on) next.add(id)
      else next.delete(id)
    }
    set({ picked: next, anchor: index, allMatching: false })
  },
  pickLoaded() {
    set({ picked: new Set(get().users.map((u) => u.id)), allMatching: false })
  },
  pickAllMatching() {
    set({ picked: new Set(get().users.map((u) => u.id)), allMatching: true })
  },
  clearPicks() {
    set({ picked: new Set(), anchor: null, allMatching: false })
  },
}))

/**
 * What a bulk action from the list acts on: the users picked, or with "all matching" the list's
 * search and filters (every user when there are none), resolved on the server when the job runs.
 */
export function pickedSelection(): Selection {
  const state = useUsers.getState()
  if (!state.allMatching) return { ids: [...state.picked] }
  const { search, filters } = queryInput(state)
  return search || filters
    ? { ...(search ? { search } : {}), ...(filters ? { filters } : {}) }
    : { all: true }
}

/** The current query as the export and bulk actions need it. */
export function currentQuery(): ReturnType<typeof queryInput> {
  return queryInput(useUsers.getState())
}
