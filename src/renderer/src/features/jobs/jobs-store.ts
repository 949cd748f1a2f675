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

/**
 * How often a job another process runs is read again. That process's progress reaches this one only
 * through the job's files, which the host reads when asked: no event comes for it.
 */
const ELSEWHERE_READ_MS = 1000

/**
 * Keeps the store in step with main's progress events (a job another process makes comes as one too),
 * and with the files of the jobs another process (the command line beside the window) runs, until each
 * ends there; returns the unsubscribe.
 */
export function followJobs(): () => void {
  const off = api().on('jobs.changed', (job) => useJobs.getState().upsert(job))
  let reading = false
  const timer = setInterval(() => {
    const elsewhere = Object.values(useJobs.getState().jobs).filter((j) => j.runningIn !== null)
    if (reading || elsewhere.length === 0) return
    reading = true
    void Promise.allSettled(
      elsewhere.map(async (j) => useJobs.getState().upsert(await call((a) => a.jobs.get({ jobId: j.id })))),
    ).finally(() => (reading = false))
  }, ELSEWHERE_READ_MS)
  return () => {
    off()
    clearInterval(timer)
  }
}
