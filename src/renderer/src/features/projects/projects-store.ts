import { create } from 'zustand'
import type { ProjectView } from '@shared/models'
import type { AppError } from '@shared/errors'
import { api, call, errorOf } from '../../api'
import { useSettings } from '../settings/settings-store'

export type Editor = { mode: 'add' } | { mode: 'edit'; ref: string } | null

interface ProjectsState {
  projects: ProjectView[]
  activeRef: string | null
  loading: boolean
  error: AppError | null
  /** The add/edit form, opened from the Projects screen or the switcher's "Add project…". */
  editor: Editor
  load(): Promise<void>
  setActive(ref: string): void
  /** Replace one project's view when main says it changed. */
  upsert(view: ProjectView): void
  openEditor(editor: Editor): void
  move(ref: string, by: -1 | 1): Promise<void>
  remove(ref: string, confirm: string | undefined): Promise<void>
}

export const useProjects = create<ProjectsState>((set, get) => ({
  projects: [],
  activeRef: null,
  loading: false,
  error: null,
  editor: null,
  async load() {
    set({ loading: true, error: null })
    try {
      // `watch` asks main to keep re-checking unreachable projects and report through events.
      const [projects, settings] = await Promise.all([
        call((a) => a.projects.list({ watch: true })),
        useSettings.getState().ready(),
      ])
      // The project in use stays; on a new start, the one last used, if it is still there.
      const known = (ref: string | null) => (ref && projects.some((p) => p.id === ref) ? ref : null)
      const activeRef = known(get().activeRef) ?? known(settings.lastProject) ?? projects[0]?.id ?? null
      set({ projects, activeRef, loading: false })
    } catch (err) {
      set({ loading: false, error: errorOf(err) })
    }
  },
  setActive(ref) {
    set({ activeRef: ref })
    useSettings.getState().update({ lastProject: ref })
  },
  upsert(view) {
    const { projects } = get()
    set({
      projects: projects.some((p) => p.id === view.id)
        ? projects.map((p) => (p.id === view.id ? view : p))
        : [...projects, view],
    })
  },
  openEditor(editor) {
    set({ editor })
  },
  async move(ref, by) {
    const ids = get()
      .projects.filter((p) => !p.demo)
      .map((p) => p.id)
    const from = ids.indexOf(ref)
    const to = from + by
    if (from < 0 || to < 0 || to >= ids.length) return
    ids.splice(to, 0, ...ids.splice(from, 1))
    set({ projects: await call((a) => a.projects.reorder({ order: ids })) })
  },
  async remove(ref, confirm) {
    await call((a) => a.projects.remove({ project: ref, ...(confirm !== undefined ? { confirm } : {}) }))
    const projects = get().projects.filter((p) => p.id !== ref)
    const activeRef = get().activeRef === ref ? (projects[0]?.id ?? null) : get().activeRef
    set({ projects, activeRef })
  },
}))

export function useActiveProject(): ProjectView | null {
  return useProjects((s) => s.projects.find((p) => p.id === s.activeRef) ?? null)
}

/** Keeps project views fresh as main reports reachability and scopes. Returns the unsubscribe. */
export function followProjectChanges(): () => void {
  return api().on('projects.changed', (view) => useProjects.getState().upsert(view))
}
