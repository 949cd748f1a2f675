import { create } from 'zustand'
import type { CrossProjectHits } from '@shared/models/users'
import { api, call, errorOf } from '../../api'
import { newRequestId } from '../../request-id'

const PER_PROJECT = 6

interface SearchState {
  searchId: string | null
  query: string
  /** Each project's answer, as it lands. A project not here yet is still searching. */
  hits: Record<string, CrossProjectHits>
  failure: string | null
  search(query: string): void
}

/**
 * The cross-project search. Answers to an older query are dropped by `searchId`; each project's
 * hits arrive as their own event so a slow project never holds back the rest.
 */
export const useSearch = create<SearchState>((set, get) => ({
  searchId: null,
  query: '',
  hits: {},
  failure: null,
  search(query) {
    if (!query) {
      set({ searchId: null, query, hits: {}, failure: null })
      return
    }
    const searchId = newRequestId()
    set({ searchId, query, hits: {}, failure: null })
    call((a) => a.users.searchAll({ searchId, search: query, perProject: PER_PROJECT })).then(
      (result) => {
        if (get().searchId !== searchId) return
        set({ hits: Object.fromEntries(result.results.map((r) => [r.project, r])) })
      },
      (err: unknown) => {
        if (get().searchId === searchId) set({ failure: errorOf(err).message })
      },
    )
  },
}))

/** Follows main's per-project answers; returns the unsubscribe. */
export function followSearchHits(): () => void {
  return api().on('users.searchHits', (h) => {
    const { searchId, hits } = useSearch.getState()
    if (h.searchId === searchId) useSearch.setState({ hits: { ...hits, [h.project]: h } })
  })
}
