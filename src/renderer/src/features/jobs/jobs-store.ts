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
  /** What opened the dialog, as `openerNow` tells it: it gets the focus back as the dialog closes. */
  opener: HTMLElement | null
  load(): Promise<void>
  upsert(job: JobView): void
  /** A job gone from the host (discarded); its dialog, if open, closes with it. */
  remove(jobId: string): void
  show(jobId: string | null): void
}

export const useJobs = create<JobsState>((set, get) => ({
  jobs: {},
  loading: false,
  error: null,
  open: null,
  opener: null,
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
  remove(jobId) {
    const { [jobId]: _gone, ...jobs } = get().jobs
    set({ jobs, ...(get().open === jobId ? { open: null } : {}) })
  },
  show(open) {
    const opening = open !== null && get().open === null
    set({ open, ...(opening ? { opener: openerNow() } : {}) })
  },
}))

/** The job dialog's element id, whose own focus is never taken for what opened it. */
export const JOB_DIALOG_ID = 'job-dialog'

/** What last took the focus outside the job dialog (`followJobs` keeps it). */
let lastFocused: HTMLElement | null = null

/**
 * What is opening the dialog: what last took the focus, read as the dialog is asked for. Neither the
 * focus now, which a menu chosen from has left on nothing until it gives it back to its button a
 * moment later, nor the focus as the dialog's code first loads, which comes later still. A menu's item
 * stands for the menu's button, which outlives the menu.
 */
function openerNow(): HTMLElement | null {
  const menu = lastFocused?.closest('[role="menu"][aria-labelledby]')
  const button = menu ? document.getElementById(menu.getAttribute('aria-labelledby')!) : null
  return button ?? lastFocused
}

function noteFocus(event: FocusEvent): void {
  const target = event.target
  if (target instanceof HTMLElement && !target.closest(`#${JOB_DIALOG_ID}`)) lastFocused = target
}

/**
 * How often a job another process runs is read again. That process's progress reaches this one only
 * through the job's files, which the host reads when asked: no event comes for it.
 */
const ELSEWHERE_READ_MS = 1000

/**
 * Keeps the store in step with main's progress events (a job another process makes comes as one too),
 * and with the files of the jobs another process (the command line beside the window) runs, until each
 * ends there; notes what takes the focus, for `openerNow`. Returns the unsubscribe.
 */
export function followJobs(): () => void {
  const offChanged = api().on('jobs.changed', (job) => useJobs.getState().upsert(job))
  const offRemoved = api().on('jobs.removed', ({ jobId }) => useJobs.getState().remove(jobId))
  document.addEventListener('focusin', noteFocus)
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
    offChanged()
    offRemoved()
    document.removeEventListener('focusin', noteFocus)
    clearInterval(timer)
  }
}
