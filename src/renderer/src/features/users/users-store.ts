import { create } from 'zustand'
import type { UserRecord } from '@shared/models'
import type { UserFilters, UserSort } from '@shared/contract/users'
import type { AppError } from '@shared/errors'
import { call, errorOf } from '../../api'
import { newRequestId } from '../../request-id'
import { useSettings } from '../settings/settings-store'

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
  /** The first page of a new query is on its way. */
  loading: boolean
  loadingMore: boolean
  error: AppError | null
  /** The newest request's tag; an answer to an older one is dropped, so a slow search never wins. */
  requestId: string | null
  /** The row the keyboard is on. */
  selected: number
  /** The user whose detail is open, possibly one not in the list (from the cross-project search). */
  detailUserId: string | null
  open(project: string, search?: string): Promise<void>
  setQuery(patch: Partial<UsersQuery>): Promise<void>
  reload(): Promise<void>
  loadMore(): Promise<void>
  select(index: number): void
  openDetail(userId: string | null): void
  /** Puts a user changed in the detail back into the list without reloading it. */
  replace(user: UserRecord): void
  remove(userId: string): void
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
  loading: false,
  loadingMore: false,
  error: null,
  requestId: null,
  selected: 0,
  detailUserId: null,
  async open(project, search = get().search) {
    // The detail stays: the cross-project search switches project and opens a user in one go.
    // Another project's list opens as it was last left there.
    if (project !== get().project) {
      const remembered = useSettings.getState().settings.usersLists[project]
      set({ filters: remembered?.filters ?? {}, sort: remembered?.sort ?? null })
    }
    set({ project, search })
    await get().reload()
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
    set({ requestId, loading: true, loadingMore: false, error: null, selected: 0 })
    try {
      const page = await call((a) => a.users.list({ project, limit: PAGE_SIZE, ...queryInput(get()) }))
      if (get().requestId !== requestId) return
      set({
        users: page.users,
        total: page.total,
        totalCapped: page.totalCapped,
        nextCursor: page.nextCursor,
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
          error: errorOf(err),
        })
    }
  },
  async loadMore() {
    const { project, nextCursor, loading, loadingMore, users } = get()
    if (!project || !nextCursor || loading || loadingMore) return
    const requestId = newRequestId()
    set({ requestId, loadingMore: true })
    try {
      const page = await call((a) =>
        a.users.list({
          project,
          limit: PAGE_SIZE,
          cursor: nextCursor,
          offset: users.length,
          // The first page counted already; counting again on every page would slow deep scrolling.
          total: false,
          ...queryInput(get()),
        }),
      )
      if (get().requestId !== requestId) return
      set({ users: [...get().users, ...page.users], nextCursor: page.nextCursor, loadingMore: false })
    } catch (err) {
      if (get().requestId === requestId) set({ loadingMore: false, error: errorOf(err) })
    }
  },
  select(index) {
    set({ selected: Math.max(0, Math.min(index, get().users.length - 1)) })
  },
  openDetail(userId) {
    set({ detailUserId: userId })
  },
  replace(user) {
    set({ users: get().users.map((u) => (u.id === user.id ? user : u)) })
  },
  remove(userId) {
    set({ users: get().users.filter((u) => u.id !== userId), total: Math.max(0, get().total - 1) })
  },
}))

/** The current query as the export and bulk actions need it. */
export function currentQuery(): ReturnType<typeof queryInput> {
  return queryInput(useUsers.getState())
}
