import { create } from 'zustand'
import type { UserRecord } from '@shared/models'
import type { AppError } from '@shared/errors'
import { call, errorOf } from '../../api'

const PAGE_SIZE = 50

interface UsersState {
  project: string | null
  search: string
  users: UserRecord[]
  total: number
  totalCapped: boolean
  nextCursor: string | null
  loading: boolean
  error: AppError | null
  /** Each request gets a number; an answer to an older one is dropped, so a slow search never wins. */
  requestId: number
  open(project: string, search?: string): Promise<void>
  loadMore(): Promise<void>
}

export const useUsers = create<UsersState>((set, get) => ({
  project: null,
  search: '',
  users: [],
  total: 0,
  totalCapped: false,
  nextCursor: null,
  loading: false,
  error: null,
  requestId: 0,
  async open(project, search = '') {
    const requestId = get().requestId + 1
    set({ project, search, requestId, loading: true, error: null, users: [], nextCursor: null, total: 0 })
    try {
      const page = await call((a) =>
        a.users.list({ project, limit: PAGE_SIZE, ...(search ? { search } : {}) }),
      )
      if (get().requestId !== requestId) return
      set({
        users: page.users,
        total: page.total,
        totalCapped: page.totalCapped,
        nextCursor: page.nextCursor,
        loading: false,
      })
    } catch (err) {
      if (get().requestId === requestId) set({ loading: false, error: errorOf(err) })
    }
  },
  async loadMore() {
    const { project, search, nextCursor, loading } = get()
    if (!project || !nextCursor || loading) return
    const requestId = get().requestId + 1
    set({ requestId, loading: true })
    try {
      const page = await call((a) =>
        a.users.list({ project, limit: PAGE_SIZE, cursor: nextCursor, ...(search ? { search } : {}) }),
      )
      if (get().requestId !== requestId) return
      set({ users: [...get().users, ...page.users], nextCursor: page.nextCursor, loading: false })
    } catch (err) {
      if (get().requestId === requestId) set({ loading: false, error: errorOf(err) })
    }
  },
}))
