import { create } from 'zustand'
import type { Input } from '@shared/contract'
import type { AppError } from '@shared/errors'
import type {
  FirebaseHashConfig,
  HashSettings,
  ImportFormat,
  ImportInspection,
  ImportMapping,
  ImportValidation,
  OnExisting,
  PasswordCheck,
  ProblemRule,
} from '@shared/models/import'
import type { JobPreview, JobView, ReportRow } from '@shared/models/jobs'
import { api, call, errorOf } from '../../api'
import { newRequestId } from '../../request-id'
import { uploadFile } from './upload'
import { saveReport } from '../jobs/save-report'
import { formatCount } from '../../format-count'

export const steps = ['source', 'mapping', 'validation', 'dry-run', 'import', 'report'] as const
export type Step = (typeof steps)[number]

/**
 * How far a long step has got: the rows a validation has read (`check`, `recheck` before the dry run)
 * or the dry run has decided, of how many when that is known.
 */
export interface RowProgress {
  phase: 'check' | 'recheck' | 'problems' | 'dry-run'
  rows: number
  of: number | null
  /** Stopped by the person: it ends once the calls already sent answer, which may take a while. */
  stopping: boolean
}

type Plan = Input<'import.inspect'>['plan']
export type Decision = 'skip' | 'stop'

interface ImportState {
  step: Step
  /** The project users go into (the active project when the wizard started). */
  project: string | null
  sourceKind: 'file' | 'project'
  sourceProject: string | null
  file: { name: string; size: number } | null
  uploadId: string | null
  uploaded: number
  format: ImportFormat | 'auto'
  hashConfigText: string
  firebase: FirebaseHashConfig | null
  /** Why the pasted hash config was refused: kept beside it, for validation cannot know it was pasted. */
  hashConfigError: string | null
  hash: HashSettings | null
  mapping: ImportMapping | null
  inspection: ImportInspection | null
  validation: ImportValidation | null
  decisions: Partial<Record<ProblemRule, Decision>>
  onExisting: OnExisting
  /** The most calls at once the person allows; null lets the engine adapt up to its own cap. */
  concurrency: number | null
  passwordCheck: PasswordCheck | null
  job: JobView | null
  preview: JobPreview | null
  report: ReportRow[] | null
  busy: string | null
  progress: RowProgress | null
  error: AppError | null

  reset(project: string | null): void
  set(patch: Partial<ImportState>): void
  go(step: Step): void
  chooseFile(file: File): Promise<void>
  parseHashConfig(text: string): Promise<void>
  inspect(): Promise<void>
  checkPassword(row: number, password: string): Promise<void>
  validate(): Promise<void>
  /** Reads every row again and downloads each problem with its row as a CSV (main keeps the whole file). */
  saveProblems(): Promise<void>
  /**
   * Stops the check of every row or the save of the problems under way, if any: nothing is shown or
   * downloaded, nor kept half by main.
   */
  stopReading(): void
  dryRun(): Promise<void>
  /** Stops the dry run under way, if any: the wizard stays at validation, nothing was written. */
  stopDryRun(): void
  start(): Promise<void>
  pause(): Promise<void>
  resume(): Promise<void>
  cancel(): Promise<void>
  jobChanged(job: JobView): void
  /** The wizard's planned job was discarded (from the Jobs list): its dry run goes with it. */
  jobRemoved(jobId: string): void
  /** Catches up with a job that moved on while the screen was closed. */
  refreshJob(): Promise<void>
  loadReport(): Promise<void>
}

const initial = {
  step: 'source' as Step,
  sourceKind: 'file' as const,
  sourceProject: null,
  file: null,
  uploadId: null,
  uploaded: 0,
  format: 'auto' as const,
  hashConfigText: '',
  firebase: null,
  hashConfigError: null,
  hash: null,
  mapping: null,
  inspection: null,
  validation: null,
  decisions: {},
  onExisting: 'skip' as OnExisting,
  concurrency: null,
  passwordCheck: null,
  job: null,
  preview: null,
  report: null,
  busy: null,
  progress: null,
  error: null,
}

export const useImport = create<ImportState>((set, get) => {
  /** The plan as the person has shaped it so far; main fills in whatever is still open. */
  const plan = (): Plan => {
    const s = get()
    const hash = s.hash ?? (s.firebase ? { type: 'auto' as const } : undefined)
    return {
      project: s.project!,
      source:
        s.sourceKind === 'project'
          ? { kind: 'project', project: s.sourceProject! }
          : { kind: 'upload', uploadId: s.uploadId! },
      format: s.sourceKind === 'project' ? 'appwrite' : s.format,
      ...(s.mapping ? { mapping: s.mapping } : {}),
      ...(hash ? { hash: { ...hash, ...(s.firebase ? { firebase: s.firebase } : {}) } } : {}),
    }
  }
  /** The hash config being read, if any: an inspection waits for it rather than racing it. */
  let parsing: Promise<void> = Promise.resolve()
  const reinspect = async () => {
    const inspection = await call((a) => a.import.inspect({ plan: plan() }))
    set({ inspection, mapping: inspection.mapping, hash: inspection.hash, passwordCheck: null })
  }
  /** The progress lines shown now, each drawn again once the person stops its work. */
  const lines = new Set<() => void>()
  const drawStopped = () => lines.forEach((draw) => draw())
  /**
   * `work` with the rows it has got through shown as `progress`, from the events main sends for it:
   * `import.progress` for a validation (`id` is its progressId), `jobs.previewProgress` for a dry run
   * (`id` is its job's). `stopped` says whether the person has stopped it: a stop ends it only once
   * the calls already sent answer, so until then the line says it is stopping.
   */
  const following = async <T>(
    phase: RowProgress['phase'],
    of: number | null,
    id: string,
    stopped: () => boolean,
    work: () => Promise<T>,
  ): Promise<T> => {
    let rows = 0
    const draw = () => set({ progress: { phase, rows, of, stopping: stopped() } })
    const redraw = () => {
      if (stopped()) draw()
    }
    draw()
    lines.add(redraw)
    const stop =
      phase === 'dry-run'
        ? api().on('jobs.previewProgress', (p) => {
            if (p.jobId === id) {
              rows = p.rows
              draw()
            }
          })
        : api().on('import.progress', (p) => {
            if (p.progressId === id) {
              rows = p.rows
              draw()
            }
          })
    try {
      return await work()
    } finally {
      stop()
      lines.delete(redraw)
      set({ progress: null })
    }
  }
  /**
   * The read of every row under way that main stops by its progressId (a check, a save of the
   * problems, a dry run's check again), and whether the person stopped it.
   */
  let reading: { progressId: string; stopped: boolean } | null = null
  const stopReading = () => {
    if (!reading || reading.stopped) return
    reading.stopped = true
    const { progressId } = reading
    drawStopped()
    void call((a) => a.import.stopReading({ progressId })).catch(() => {})
  }
  const readStopped = (progressId: string) => () => reading?.progressId === progressId && reading.stopped
  /**
   * Runs the read `progressId` names as the one under way; undefined once the person stopped it,
   * whether main stopped it (answering `cancelled`) or it had ended whole before the stop reached main:
   * the person said stop, and its answer is not shown.
   */
  const stoppable = async <T>(progressId: string, work: () => Promise<T>): Promise<T | undefined> => {
    const mine = { progressId, stopped: false }
    reading = mine
    try {
      const value = await work()
      return mine.stopped ? undefined : value
    } catch (err) {
      if (mine.stopped && errorOf(err).code === 'cancelled') return undefined
      throw err
    } finally {
      if (reading === mine) reading = null
    }
  }
  /**
   * The dry run under way: its job once planned, and whether the person stopped it. Stopped while its
   * rows are still being checked again (no job yet), that check is stopped and no job is planned.
   */
  let dryRunning: { jobId: string | null; stopped: boolean } | null = null
  const stopDryRun = () => {
    if (!dryRunning || dryRunning.stopped) return
    dryRunning.stopped = true
    const { jobId } = dryRunning
    drawStopped()
    if (jobId) void call((a) => a.jobs.stopPreview({ jobId })).catch(() => {})
    else stopReading()
  }
  const run = async (label: string, work: () => Promise<void>) => {
    set({ busy: label, error: null })
    try {
      await work()
    } catch (err) {
      set({ error: errorOf(err) })
    } finally {
      set({ busy: null })
    }
  }
  return {
    ...initial,
    project: null,
    reset: (project) => {
      stopDryRun()
      stopReading()
      set({ ...initial, project })
    },
    set: (patch) => set(patch),
    go: (step) => {
      // Back from a dry run under way leaves it: it would go on reading, then pull the wizard forward.
      // A check of every row or a save of the problems too: their progress and Stop are left behind.
      stopDryRun()
      stopReading()
      set({ step, error: null })
    },

    chooseFile: (file) =>
      run('Uploading', async () => {
        set({
          file: { name: file.name, size: file.size },
          uploadId: null,
          uploaded: 0,
          inspection: null,
          mapping: null,
        })
        const uploadId = await uploadFile(file, (uploaded) => set({ uploaded }))
        set({ uploadId })
      }),

    parseHashConfig: (text) => {
      parsing = run('Reading the hash config', async () => {
        set({ hashConfigText: text, hashConfigError: null })
        if (text.trim() === '') return set({ firebase: null })
        try {
          set({ firebase: await call((a) => a.import.parseHashConfig({ text })) })
        } catch (err) {
          return set({ firebase: null, hashConfigError: errorOf(err).message })
        }
        // The detected hash types depend on the config: read the rows again with it at once.
        if (get().inspection) await reinspect()
      })
      return parsing
    },

    inspect: () =>
      run('Reading the file', async () => {
        // A config pasted just before (its field left by this very click) is read first.
        await parsing
        await reinspect()
        set({ step: 'mapping' })
      }),

    checkPassword: (row, password) =>
      run('Checking the password', async () => {
        set({ passwordCheck: await call((a) => a.import.checkPassword({ plan: plan(), row, password })) })
      }),

    validate: () =>
      run('Checking every row', async () => {
        const progressId = newRequestId()
        const validation = await following('check', null, progressId, readStopped(progressId), () =>
          stoppable(progressId, () => call((a) => a.import.validate({ plan: plan(), progressId }))),
        )
        // Stopped by the person: the wizard stays where it was, with no error, as after a stopped dry run.
        if (!validation) return
        const decisions = Object.fromEntries(
          validation.problems.map((p) => [p.rule, get().decisions[p.rule] ?? 'stop']),
        ) as Partial<Record<ProblemRule, Decision>>
        // Gone Back meanwhile: the answer is kept, but the wizard is not pulled forward.
        set({ validation, decisions, ...(get().step === 'mapping' ? { step: 'validation' as const } : {}) })
      }),

    saveProblems: () =>
      run('Saving the rows with a problem', async () => {
        const progressId = newRequestId()
        const file = await following(
          'problems',
          get().validation?.rows ?? null,
          progressId,
          readStopped(progressId),
          () => stoppable(progressId, () => call((a) => a.import.saveProblems({ plan: plan(), progressId }))),
        )
        // Stopped by the person: not a failure to report, as a stopped dry run is not.
        if (file) saveReport(file, (rows) => `The file has ${formatCount(rows)} problems. Every one`)
      }),
    stopReading,

    dryRun: () =>
      run('Planning the dry run', async () => {
        const s = get()
        const skip = Object.entries(s.decisions)
          .filter(([, d]) => d === 'skip')
          .map(([rule]) => rule as ProblemRule)
        const rows = s.validation?.rows ?? null
        const progressId = newRequestId()
        const running = { jobId: null as string | null, stopped: false }
        dryRunning = running
        try {
          const job = await following(
            'recheck',
            rows,
            progressId,
            () => running.stopped,
            () =>
              stoppable(progressId, () =>
                call((a) =>
                  a.import.createJob({
                    plan: plan(),
                    onExisting: s.onExisting,
                    skip,
                    progressId,
                    ...(s.concurrency ? { concurrency: s.concurrency } : {}),
                  }),
                ),
              ),
          )
          // Stopped while its rows were checked again: no job was planned, or none is shown.
          if (!job) return
          // The plan this one replaces (the person went back and changed their mind) is of no more
          // use, and would be left in the Jobs list for good.
          if (s.job?.state === 'planned' && s.job.id !== job.id) {
            const replaced = s.job.id
            void call((a) => a.jobs.discard({ jobId: replaced })).catch(() => {})
          }
          set({ job })
          if (running.stopped) return
          running.jobId = job.id
          const preview = await following(
            'dry-run',
            rows,
            job.id,
            () => running.stopped,
            () => call((a) => a.jobs.preview({ jobId: job.id, limit: 200 })),
          )
          set({ preview, step: 'dry-run' })
        } catch (err) {
          // Stopped by the person: not a failure to report. The host answers a stopped dry run so.
          if (!(running.stopped && errorOf(err).code === 'cancelled')) throw err
        } finally {
          if (dryRunning === running) dryRunning = null
        }
      }),
    stopDryRun,

    start: () =>
      run('Starting', async () => {
        const planned = get().job!
        const job = await call((a) => a.jobs.start({ jobId: planned.id }), `${planned.title}.`)
        set({ job, step: 'import' })
      }),
    pause: () =>
      run('Pausing', async () => set({ job: await call((a) => a.jobs.pause({ jobId: get().job!.id })) })),
    resume: () =>
      run('Resuming', async () => set({ job: await call((a) => a.jobs.resume({ jobId: get().job!.id })) })),
    cancel: () =>
      run('Cancelling', async () => set({ job: await call((a) => a.jobs.cancel({ jobId: get().job!.id })) })),

    jobChanged: (job) => {
      const s = get()
      if (s.job?.id !== job.id) return
      set({ job })
      const finished = job.state === 'completed' || job.state === 'cancelled'
      if (finished && s.step === 'import') set({ step: 'report' })
      // A job cancelled with calls in flight turns cancelled at once, and its rows in flight end after:
      // the report is read once they have (its finishedAt), so it does not list them as not reached.
      const settled = finished && job.finishedAt !== null
      if (settled && (s.step === 'import' || s.job.finishedAt === null)) void get().loadReport()
    },

    jobRemoved: (jobId) => {
      const s = get()
      if (s.job?.id !== jobId) return
      set({ job: null, preview: null, ...(s.step === 'dry-run' ? { step: 'validation' as const } : {}) })
    },

    refreshJob: async () => {
      const s = get()
      const job = s.job
      const following = s.step === 'import' || (s.step === 'report' && job?.finishedAt === null)
      if (!job || !following) return
      try {
        get().jobChanged(await call((a) => a.jobs.get({ jobId: job.id })))
      } catch (err) {
        set({ error: errorOf(err) })
      }
    },

    loadReport: () =>
      run('Loading the report', async () => {
        const file = await call((a) => a.jobs.report({ jobId: get().job!.id, format: 'json' }))
        set({ report: (JSON.parse(file.text) as { rows: ReportRow[] }).rows })
      }),
  }
})

/**
 * Whether a refused hash config stops validation: its reason is at the field, where validation would
 * only say a config is needed. Not once the passwords are left out, nor once the field is cleared.
 */
export function hashConfigRefused(s: Pick<ImportState, 'hashConfigError' | 'mapping'>): boolean {
  return s.hashConfigError !== null && s.mapping?.password !== undefined
}

/** Follows the job engine's events for the wizard's job; returns the unsubscribe. */
export function followImportJob(): () => void {
  const offChanged = api().on('jobs.changed', (job) => useImport.getState().jobChanged(job))
  const offRemoved = api().on('jobs.removed', ({ jobId }) => useImport.getState().jobRemoved(jobId))
  return () => {
    offChanged()
    offRemoved()
  }
}
