import { create } from 'zustand'
import type { ProjectView } from '@shared/models'
import type { AppError } from '@shared/errors'
import { api, call, errorOf } from '../../api'

interface ProjectsState {
  projects: ProjectView[]
  activeRef: string | null
  loading: boolean
  error: AppError | null
  load(): Promise<void>
  setActive(ref: string): void
  /** Replace one project's view when main says it changed. */
  upsert(view: ProjectView): void
}

export const useProjects = create<ProjectsState>((set, get) => ({
  projects: [],
  activeRef: null,
  loading: false,
  error: null,
  async load() {
    set({ loading: true, error: null })
    try {
      const projects = await call((a) => a.projects.list({}))
      const activeRef = projects.some((p) => p.id === get().activeRef)
        ? get().activeRef
        : (projects[0]?.id ?? null)
      set({ projects, activeRef, loading: false })
    } catch (err) {
      set({ loading: false, error: errorOf(err) })
    }
  },
  setActive(ref) {
    set({ activeRef: ref })
  },
  upsert(view) {
    set({ projects: get().projects.map((p) => (p.id === view.id ? view : p)) })
  },
}))

export function useActiveProject(): ProjectView | null {
  return useProjects((s) => s.projects.find((p) => p.id === s.activeRef) ?? null)
}

/** Keeps project views fresh as main reports reachability and scopes. Returns the unsubscribe. */
export function followProjectChanges(): () => void {
  return api().on('projects.changed', (view) => useProjects.getState().upsert(view))
}
