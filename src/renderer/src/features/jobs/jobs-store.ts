import { create } from 'zustand'
import type { AppError } from '@shared/errors'
import type { JobView } from '@shared/models/jobs'
import { api, call, errorOf } from '../../api'

interface JobsState {
  jobs: Record<string, JobView>
  loading: boolean
  error: AppError | null
  /** The job whose preview/progress/report dialog is open. */
  open: string | null
  load(): Promise<void>
  upsert(job: JobView): void
  show(jobId: string | null): void
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  loading: false,
  error: null,
  open: null,
  async load() {
    set({ loading: true, error: null })
    try {
      const list = await call((a) => a.jobs.list({}))
      set({ jobs: Object.fromEntries(list.map((j) => [j.id, j])), loading: false })
    } catch (err) {
      set({ loading: false, error: errorOf(err) })
    }
  },
  upsert(job) {
    set({ jobs: { ...get().jobs, [job.id]: job } })
  },
  show(open) {
    set({ open })
  },
}))

/** Keeps the store in step with main's progress events; returns the unsubscribe. */
export function followJobs(): () => void {
  return api().on('jobs.changed', (job) => useJobs.getState().upsert(job))
}
