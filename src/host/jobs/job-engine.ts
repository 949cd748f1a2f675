import { fail } from '@shared/errors'
import type { ProjectConnection } from '@shared/models'
import { PENDING } from '@shared/models/jobs'
import type {
  JobCounts,
  JobPause,
  JobPreview,
  JobState,
  JobView,
  ReportRow,
  RowOutcome,
} from '@shared/models/jobs'
import { toAppError } from '../appwrite/errors'
import type { Core } from '../core'
import type { JobContext, JobKind, JobRow, RowResult } from './job-kind'
import { finalStates, JobStore, runElsewhere, stoppedState, type JobFile } from './job-store'
import { Journal, type JournalState } from './journal'
import { AdaptiveLimiter, CONCURRENCY_MAX, retrying, startingLimit, type RetryOptions } from './pacing'
import { PreviewTally } from './preview'
import { ProgressMeter } from './progress-meter'
import { rowRetry, rowSignal, runRows, Stopped, type RowRun } from './row-runner'
import { RowSource } from './row-source'
import { KeySet } from './fingerprint-table'
import { PROGRESS_EVERY_MS, Throttle } from './throttle'
import { OutageDetector } from './outage'
import { writeRetryRows } from './retry-rows'
import { backoffDelay, DEFAULT_BACKOFF } from '../projects/reachability'
import { confirmationAsked } from '../projects/write-guard'

export interface CreateJob {
  kind: string
  project: string
  params: unknown
  title: string
  /**
   * The job this one takes back (a restore of a delete, an undo): it runs only where that one ran,
   * so what it read there (restore copies with their hashes) goes back nowhere else.
   */
  undoes?: string
}

interface Job {
  file: JobFile
  counts: JobCounts
  /** Made when first needed: a job may be scanned before its kind is registered. */
  source: RowSource | null
  preview: Promise<PreviewTally> | null
  /** Stops the dry run `preview` is working out; null once it has ended. */
  previewStop: AbortController | null
  limiter: AdaptiveLimiter
  abort: AbortController | null
  paused: { promise: Promise<void>; resume: () => void } | null
  /** Counts the calls in a row that got no answer; at enough of them the job pauses itself. */
  outage: OutageDetector
  /** While paused for an outage: the next check of the server, and how to call it off. */
  returnCheck: { attempt: number; at: number; cancel: () => void } | null
  run: Promise<void> | null
  /** The running job's journal, whose latest end lines may not be in the file yet. */
  journal: Journal | null
  meter: ProgressMeter
  changed: Throttle
  /** While it runs here: when this stretch of running began (the host's clock), for `file.runMs`. */
  runningSince: number | null
}

/** What every row of one run shares, made once for the run. */
interface RunOf {
  journal: Journal
  ctx: JobContext
  retry: RetryOptions
}

/** How often a job paused for an outage asks its server again: as a window re-checks an unreachable project. */
const RETURN_BACKOFF = DEFAULT_BACKOFF

/**
 * How often the jobs folder is looked at for jobs another process made. Each look lists the folder's
 * names and reads only the job.json of a new one, or of one that process made and has not run yet.
 */
const ELSEWHERE_LOOK_MS = 1000

function isoTime(ms: number): string {
  return new Date(ms).toISOString()
}

/**
 * Runs every bulk action (labels, sessions, status, import, undo) with preview, journal and resume.
 * A kind says what a row is and how to do one; the engine owns the rest: the job's life (plan, run,
 * pause, resume, cancel), with the rows run by `runRows`, the files kept by `JobStore`, the pace
 * measured by `ProgressMeter`, and progress told as `jobs.changed` events.
 */
export class JobEngine {
  private readonly kinds = new Map<string, JobKind<never, never>>()
  private readonly jobs = new Map<string, Job>()
  private readonly store: JobStore
  /** The jobs another process made since this one started and that have not ended: see `lookElsewhere`. */
  private readonly madeElsewhere = new Set<string>()
  private readonly looking: NodeJS.Timeout
  /** What the last look that failed said, so a folder that stays unreadable is logged once. */
  private lookFailed: string | null = null

  constructor(private readonly core: Core) {
    this.store = new JobStore(core.dataDir, (id) => core.keptAside.recorder(`The record of the job ${id}`))
    for (const file of this.store.scan(() => false)) this.track(file)
    this.looking = setInterval(() => this.lookElsewhere(), ELSEWHERE_LOOK_MS)
    // Looking is no reason to stay alive: a command that has ended exits, looking or not.
    this.looking.unref()
  }

  register<P, D>(kind: JobKind<P, D>): void {
    this.kinds.set(kind.kind, kind as unknown as JobKind<never, never>)
  }

  /** Plans a job: checks the project may be written at all, saves the spec. Nothing is read or written yet. */
  async create(input: CreateJob): Promise<JobView> {
    this.kindOf(input.kind)
    // Read-only and scope are checked now; a production confirmation is asked when it is run.
    const entry = this.core.projects.guardWrite(input.project, { planning: true })
    const { kind, title, project, params, undoes } = input
    const connection = this.core.projects.adhocConnection(project)
    // A job planned before places were recorded has none; the project's place now is all there is.
    const place =
      (undoes ? this.knownJob(undoes)?.file.place : undefined) ?? this.core.projects.placeOf(project)
    this.checkPlace(place, project)
    const job = this.track(
      this.store.create({
        kind,
        title,
        project,
        projectName: entry.name,
        ...(connection ? { connection } : {}),
        ...(place ? { place } : {}),
        params,
      }),
    )
    job.changed.ask(true)
    return this.view(job)
  }

  /**
   * Plans a job and runs it at once (an undo, a restore). The run's guard (a production project's
   * confirmation) is asked before anything is planned: asked after, each refusal left a planned job
   * in the list beside the one the person then confirmed.
   */
  async createAndStart(input: CreateJob, options: { confirm?: string } = {}): Promise<JobView> {
    this.askRunGuard(input.kind, input.project, options.confirm, true)
    const planned = await this.create(input)
    return this.start(planned.id, options)
  }

  list(filter: { project?: string } = {}): JobView[] {
    this.scan()
    for (const job of this.jobs.values()) this.catchUp(job)
    return [...this.jobs.values()]
      .filter((j) => !filter.project || j.file.project === filter.project)
      .sort((a, b) => b.file.createdAt.localeCompare(a.file.createdAt))
      .map((j) => this.view(j))
  }

  get(id: string): JobView {
    return this.view(this.job(id))
  }

  /** The dry run, computed once per job with the same pacing as a run, then paged. */
  async preview(id: string, page: { offset?: number; limit?: number } = {}): Promise<JobPreview> {
    const job = this.job(id)
    if (!job.preview) {
      const stop = new AbortController()
      job.previewStop = stop
      job.preview = this.computePreview(job, stop)
        .catch((err: unknown) => {
          job.preview = null
          if (err instanceof Stopped)
            fail('cancelled', 'The dry run was stopped before it ended. Open the job to run it again.')
          throw err
        })
        .finally(() => {
          if (job.previewStop === stop) job.previewStop = null
        })
    }
    return (await job.preview).page(id, page.offset ?? 0, page.limit ?? 100)
  }

  /** Stops a dry run still being worked out: its rows in flight end, no other is read. */
  stopPreview(id: string): JobView {
    const job = this.job(id)
    job.previewStop?.abort()
    return this.view(job)
  }

  /**
   * Removes a planned job and its folder: a dry run the person will not apply, which otherwise stays
   * in the list for good (cancelled, it would stay there as a job). Only a planned job: it has written
   * nothing, where any other's journal and report are the record of what it did. A dry run still
   * being worked out is stopped and let end first, as its reads may hold the job's files open.
   * Told as `jobs.removed`.
   */
  async discard(id: string): Promise<void> {
    const job = this.job(id)
    const planned = () => {
      if (job.file.state !== 'planned' || job.run)
        fail(
          'conflict',
          `This job is ${job.file.state}; only a planned job, which has written nothing, can be discarded. Its report keeps what it did.`,
        )
    }
    planned()
    job.previewStop?.abort()
    await job.preview?.catch(() => {})
    // It may have been started, or discarded by another process, while its dry run ended.
    this.catchUp(job)
    if (this.jobs.get(job.file.id) !== job) return
    planned()
    this.store.remove(job.file.id)
    this.forget(job)
  }

  /** Runs a planned job in the background; progress comes as `jobs.changed` events. */
  async start(id: string, options: { confirm?: string } = {}): Promise<JobView> {
    const job = this.job(id)
    if (job.file.state !== 'planned')
      fail('conflict', `This job is ${job.file.state}; only a planned job can be started.`)
    this.guard(job, options.confirm, true)
    this.launch(job, options.confirm)
    return this.view(job)
  }

  /** Pauses a running job; one that paused itself for an outage stays paused until a person resumes it. */
  pause(id: string): JobView {
    const job = this.job(id)
    if (job.file.state === 'paused' && job.paused && job.file.pause?.reason === 'unreachable') {
      this.stopWatchingForReturn(job)
      this.setState(job, 'paused', this.pauseOf('manual'))
      return this.view(job)
    }
    if (job.file.state !== 'running')
      fail('conflict', `This job is ${job.file.state}; only a running job can be paused.`)
    if (!job.run)
      fail(
        'conflict',
        `This job is running in another Userdeck process (pid ${job.file.pid}); pause it there.`,
      )
    this.pauseRows(job, 'manual')
    return this.view(job)
  }

  /** Continues a paused job, or an interrupted one from its journal (also in a new process). */
  async resume(id: string, options: { confirm?: string } = {}): Promise<JobView> {
    const job = this.job(id)
    const { state } = job.file
    if (state === 'paused' && job.paused) {
      this.goOn(job)
      return this.view(job)
    }
    if (state === 'running' && job.run) return this.view(job)
    if (state === 'running' || state === 'paused') {
      const elsewhere = this.runningIn(job)
      if (elsewhere !== null)
        fail('conflict', `This job is running in another Userdeck process (pid ${elsewhere}).`)
    } else if (state !== 'interrupted') {
      fail('conflict', `This job is ${state}; only a paused or interrupted job can be resumed.`)
    }
    this.guard(job, options.confirm, false)
    this.launch(job, options.confirm)
    return this.view(job)
  }

  cancel(id: string): JobView {
    const job = this.job(id)
    if (finalStates.has(job.file.state)) return this.view(job)
    // The process running it would neither see the cancel nor stop: it would write its own state
    // over this one and go on to the last row, while this one answered "cancelled".
    const elsewhere = this.runningIn(job)
    if (elsewhere !== null)
      fail(
        'conflict',
        `This job is running in another Userdeck process (pid ${elsewhere}); cancel it there. Stopping that process leaves the job interrupted, and it can then be cancelled here.`,
      )
    if (job.run) this.stopRun(job)
    else if (this.kindOf(job.file.kind).endsWithoutCalls) {
      // A planned or interrupted job ends its settled rows too; it is finished once they are written.
      // A journal that cannot be closed (a full disk) still leaves it cancelled, and finished.
      const finished = () => {
        job.run = null
        this.setState(job, 'cancelled')
      }
      job.run = this.endSettledRowsApart(job).then(finished, finished)
    }
    this.setState(job, 'cancelled')
    return this.view(job)
  }

  /**
   * Plans a new job of the same kind, project and options over exactly the rows a finished job failed.
   * Nothing runs yet: it is previewed and started like any job.
   */
  retryFailed(id: string): JobView {
    const from = this.job(id)
    const { state } = from.file
    if (!finalStates.has(state))
      fail(
        'conflict',
        `This job is ${state}; its failed rows can be retried once it has ended (completed or cancelled).`,
      )
    if (from.counts.failed === 0) fail('conflict', 'This job has no failed rows to retry.')
    this.kindOf(from.file.kind)
    const { kind, project, connection, place, params, title } = from.file
    const entry = this.core.projects.guardWrite(project, { planning: true })
    this.checkPlace(place, project)
    const rows = from.counts.failed
    const file = this.store.create({
      kind,
      title: `Retry ${rows.toLocaleString('en')} failed row${rows === 1 ? '' : 's'} — ${title}`,
      project,
      projectName: entry.name,
      ...(connection ? { connection } : {}),
      ...(place ? { place } : {}),
      params,
      retryOf: from.file.id,
    })
    writeRetryRows(this.store.dirOf(from.file.id), this.store.dirOf(file.id))
    const job = this.track(file)
    job.changed.ask(true)
    return this.view(job)
  }

  /** Resolves when the job stops running here: completed, cancelled or interrupted (a pause keeps it running). */
  async wait(id: string): Promise<JobView> {
    const job = this.job(id)
    if (job.run) await job.run
    return this.view(job)
  }

  /** Every row and what became of it, in one list; `reportRows` streams it for jobs of any size. */
  async report(id: string): Promise<ReportRow[]> {
    const rows: ReportRow[] = []
    for await (const row of this.reportRows(id)) rows.push(row)
    return rows
  }

  /**
   * Every row and what became of it, one at a time: the rows that ended, in the order they ended
   * (read from the journal), then the rows not reached yet, `pending`, in row order.
   */
  async *reportRows(id: string): AsyncGenerator<ReportRow> {
    const job = this.job(id)
    job.journal?.write()
    const ended = new KeySet()
    // Ends journaled without their label (by an earlier Userdeck) take it from the rows.
    const unlabelled = new Map<string, { outcome: RowOutcome; reason?: string }>()
    for (const line of Journal.lines(this.store.journalOf(id))) {
      if (line.phase !== 'end' || !line.outcome || !ended.add(line.key)) continue
      const end = { outcome: line.outcome, ...(line.reason ? { reason: line.reason } : {}) }
      if (line.label === undefined) unlabelled.set(line.key, end)
      else yield { key: line.key, label: line.label, ...end }
    }
    if (unlabelled.size === 0 && job.file.total !== null && ended.size >= job.file.total) return
    const ctx = await this.context(job, new AbortController().signal)
    for await (const row of this.sourceOf(job).rows(ctx)) {
      const end = unlabelled.get(row.key)
      if (end) yield { key: row.key, label: row.label, ...end }
      else if (!ended.has(row.key)) yield { key: row.key, label: row.label, outcome: PENDING }
    }
  }

  /** The job's folder under the data folder: its spec, journal, row snapshot and saved reports. */
  dirOf(id: string): string {
    return this.store.dirOf(this.job(id).file.id)
  }

  /**
   * Ends this process's run of a job as `close` does: no row starts after it, the rows in flight end,
   * and the job is left interrupted, to be resumed.
   */
  interrupt(id: string): JobView {
    const job = this.job(id)
    if (!job.run) fail('conflict', `This job is ${job.file.state}, not running in this process.`)
    this.stopRun(job)
    return this.view(job)
  }

  /**
   * Stops looking for other processes' jobs, and stops running jobs so a later start resumes them
   * from the journal.
   */
  async close(): Promise<void> {
    clearInterval(this.looking)
    const running = [...this.jobs.values()].filter((j) => j.run)
    for (const job of running) this.stopRun(job)
    await Promise.allSettled(running.map((j) => j.run))
    for (const job of running) job.changed.cancel()
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  /** Stops a run here (a paused one too): its rows in flight end, then `stopped` says how it ended. */
  private stopRun(job: Job): void {
    this.stopWatchingForReturn(job)
    job.abort?.abort()
    job.paused?.resume()
    job.paused = null
  }

  private kindOf(name: string): JobKind<unknown, unknown> {
    const kind = this.kinds.get(name)
    if (!kind)
      fail('invalid_request', `Userdeck has no bulk action "${name}". Update Userdeck, or remove the job.`)
    return kind as unknown as JobKind<unknown, unknown>
  }

  private knownJob(id: string): Job | undefined {
    if (!this.jobs.has(id)) this.scan()
    const job = this.jobs.get(id)
    if (job) this.catchUp(job)
    return this.jobs.get(id)
  }

  /** Drops a job that is no longer on disk, and tells whoever shows it. */
  private forget(job: Job): void {
    const { id } = job.file
    // A change not yet told would bring it back to the lists.
    job.changed.cancel()
    this.jobs.delete(id)
    this.madeElsewhere.delete(id)
    this.core.events.emit('jobs.removed', { jobId: id })
  }

  /**
   * A job this process does not run may have moved on in another one (the CLI beside the window):
   * until it is final here, its job.json is read again, and its journal with it when that changed or
   * the job runs there. Acting on a state seen earlier would cancel a job finished meanwhile, or
   * start again one that another process runs.
   *
   * `read`: its job.json as read now, by a caller that has read it already (`lookElsewhere`).
   */
  private catchUp(job: Job, read = () => this.store.read(job.file.id)): void {
    if (job.run || finalStates.has(job.file.state)) return
    const file = read()
    // Gone: discarded by another process, or its record found damaged and set aside (and said so).
    if (!file) return this.forget(job)
    const was = job.file
    job.file = file
    // The journal, which may be long, is read again only when the job may have ended rows meanwhile.
    const moved = file.state !== was.state || file.pid !== was.pid || file.total !== was.total
    if (moved || runElsewhere(file.pid))
      job.counts = countsOf(Journal.read(this.store.journalOf(file.id)), file.total)
  }

  private job(id: string): Job {
    const job = this.knownJob(id)
    if (!job) fail('not_found', `No job "${id}". "userdeck jobs list" shows the jobs in this data folder.`)
    return job
  }

  private guard(job: Job, confirm: string | undefined, destructiveCheck: boolean): void {
    this.checkProjectKnown(job)
    this.askRunGuard(job.file.kind, job.file.project, confirm, destructiveCheck)
    this.checkPlace(job.file.place, job.file.project)
  }

  /** The project's write guard as a run of this kind meets it: `guard`'s, and asked ahead by `createAndStart`. */
  private askRunGuard(
    kind: string,
    project: string,
    confirm: string | undefined,
    destructiveCheck: boolean,
  ): void {
    this.core.projects.guardWrite(project, {
      destructive: destructiveCheck && this.kindOf(kind).destructive,
      confirm,
    })
  }

  /** A job's rows go only to the server and project it was planned for. */
  private checkPlace(place: ProjectConnection | undefined | null, project: string): void {
    this.core.projects.checkPlace(
      project,
      place,
      'This was planned for',
      "A job's rows go only where it was planned for: point the project back, or plan it again.",
    )
  }

  /**
   * Loads the jobs not known yet from disk. This process tracks the jobs it makes as it makes them,
   * so each one found here was made by another (the CLI beside the window), and is told at once.
   * `settle`: see `JobStore.read`.
   */
  private scan(settle = true): void {
    for (const file of this.store.scan((id) => this.jobs.has(id), settle)) {
      this.madeElsewhere.add(file.id)
      this.track(file).changed.ask(true)
    }
  }

  /**
   * No event of another process reaches this one, so its jobs are looked for here: a new one is told
   * as `jobs.changed` when found (`scan`), and again as its job.json changes while it has not ended
   * and does not run there (planned, then started; interrupted, then resumed). While it runs there,
   * whoever shows it reads it as any job another process runs (`jobs.get`): its journal, which may be
   * long, is not read here too.
   *
   * A job found so is made after this engine started, so one its file says this process runs is run
   * by another engine in it (tests hold two on one folder): a look leaves it be, where a read would
   * call it interrupted, its pid being this process's. Once that engine has let it go, it is caught
   * up with as any other.
   *
   * Run every second (`ELSEWHERE_LOOK_MS`); a test runs one at once.
   */
  lookElsewhere(): void {
    try {
      this.scan(false)
      for (const id of this.madeElsewhere) {
        const job = this.jobs.get(id)
        if (!job || finalStates.has(job.file.state)) this.madeElsewhere.delete(id)
        else if (this.runningIn(job) === null) {
          const file = this.store.read(id, false)
          if (file?.pid === process.pid) continue
          const was = JSON.stringify(job.file)
          this.catchUp(job, () => file && this.store.settle(file))
          if (JSON.stringify(job.file) !== was) job.changed.ask(true)
        }
      }
      this.lookFailed = null
    } catch (err) {
      const error = toAppError(err).message
      if (error !== this.lookFailed)
        this.core.logger.warn('the jobs folder could not be looked at', { error })
      this.lookFailed = error
    }
  }

  private track(file: JobFile): Job {
    const journal = Journal.read(this.store.journalOf(file.id))
    const job: Job = {
      file,
      counts: countsOf(journal, file.total),
      source: null,
      preview: null,
      previewStop: null,
      limiter: new AdaptiveLimiter(),
      abort: null,
      paused: null,
      outage: new OutageDetector(() => this.pauseForOutage(job)),
      returnCheck: null,
      run: null,
      journal: null,
      meter: new ProgressMeter(),
      runningSince: null,
      // At most ten `jobs.changed` a second while rows end; a state change is told at once.
      changed: new Throttle(() => this.core.events.emit('jobs.changed', this.view(job)), PROGRESS_EVERY_MS),
    }
    this.jobs.set(file.id, job)
    return job
  }

  /**
   * Every change of a job's state goes through here: saved, told at once. A paused job says why; a
   * job that is final and no longer runs here gets its finishing time.
   */
  private setState(job: Job, state: JobState, pause: JobPause | null = null): void {
    this.timeRunning(job, state)
    job.file.state = state
    job.file.pause = state === 'paused' ? pause : null
    if (finalStates.has(state) && !job.run) job.file.finishedAt ??= new Date().toISOString()
    this.store.save(job.file)
    job.changed.ask(true)
  }

  /**
   * Adds a stretch of running to `runMs` as it ends, and starts one as the job turns running. A job
   * cancelled with rows in flight runs on until they end, as its `finishedAt` waits for them.
   */
  private timeRunning(job: Job, state: JobState): void {
    const now = this.core.timers.now()
    const ends = state !== 'running' && !(finalStates.has(state) && job.run)
    if (ends && job.runningSince !== null) {
      job.file.runMs = (job.file.runMs ?? 0) + (now - job.runningSince)
      job.runningSince = null
    } else if (state === 'running' && job.runningSince === null) job.runningSince = now
  }

  private pauseOf(reason: JobPause['reason']): JobPause {
    return { reason, since: isoTime(this.core.timers.now()), nextCheckAt: null }
  }

  /** Stops new rows, and retries of the rows in flight, until `goOn`. */
  private pauseRows(job: Job, reason: JobPause['reason']): void {
    let resume = () => {}
    const promise = new Promise<void>((r) => (resume = r))
    job.paused = { promise, resume }
    this.setState(job, 'paused', this.pauseOf(reason))
  }

  /** A paused job goes on: the rows waiting (their calls too) continue where they were. */
  private goOn(job: Job): void {
    const gate = job.paused
    if (!gate) return
    this.stopWatchingForReturn(job)
    job.paused = null
    job.outage.reset()
    job.meter.resumed()
    this.setState(job, 'running')
    gate.resume()
  }

  /**
   * Its server stopped answering: the job pauses, the rows in flight wait (their calls are tried
   * again when it goes on, never failed for the outage), and the server is asked again with backoff.
   */
  private pauseForOutage(job: Job): void {
    if (job.file.state !== 'running' || !job.run || job.paused || job.abort?.signal.aborted) return
    this.core.logger.warn('job paused: its server does not answer', {
      job: job.file.id,
      project: job.file.project,
    })
    this.pauseRows(job, 'unreachable')
    this.watchForReturn(job, 1)
  }

  private watchForReturn(job: Job, attempt: number): void {
    const delay = backoffDelay(RETURN_BACKOFF, attempt)
    const at = this.core.timers.now() + delay
    const check = {
      attempt,
      at,
      cancel: this.core.timers.after(delay, () => void this.checkReturn(job, check)),
    }
    job.returnCheck = check
    if (job.file.pause) job.file.pause = { ...job.file.pause, nextCheckAt: isoTime(at) }
    this.store.save(job.file)
    job.changed.ask(true)
  }

  /** Asks the server (the project's own check, which also updates its reach); goes on once it answers. */
  private async checkReturn(job: Job, check: NonNullable<Job['returnCheck']>): Promise<void> {
    const view = await this.core.projects.check(job.file.project).catch(() => null)
    // A person resumed, paused for good or cancelled it meanwhile: this check no longer decides.
    if (job.returnCheck !== check) return
    job.returnCheck = null
    if (view?.reach.state === 'online') {
      this.core.logger.info('job resumed: its server answers again', { job: job.file.id })
      this.goOn(job)
    } else this.watchForReturn(job, check.attempt + 1)
  }

  private stopWatchingForReturn(job: Job): void {
    job.returnCheck?.cancel()
    job.returnCheck = null
  }

  /**
   * A job outlives its project: one removed since, or (planned by the CLI with --endpoint) one this
   * process was not given, is said in the person's terms, not as an unknown internal id.
   */
  private checkProjectKnown(job: Job): void {
    if (this.core.projects.known(job.file.project)) return
    const { connection, projectName } = job.file
    if (connection)
      fail(
        'not_found',
        `This job was planned for ${connection.endpoint} (project ${connection.projectId}) from the command line. Run it there, with the same --endpoint, --project-id and --key-env.`,
      )
    fail(
      'not_found',
      `"${projectName}", the project this job was planned for, has been removed, so the job cannot run. Add the project again and plan the job anew.`,
    )
  }

  private async context(job: Job, signal: AbortSignal, confirm?: string): Promise<JobContext> {
    this.checkProjectKnown(job)
    return {
      jobId: job.file.id,
      project: await this.core.projects.resolve(job.file.project),
      signal,
      logger: this.core.logger,
      confirm,
    }
  }

  private sourceOf(job: Job): RowSource {
    job.source ??= new RowSource(this.kindOf(job.file.kind), job.file.params, this.store.dirOf(job.file.id))
    return job.source
  }

  /** Records the number of rows once a pass has gone through all of them. */
  private setTotal(job: Job, total: number): void {
    if (job.file.total === total) return
    job.file.total = total
    job.counts.total = total
    this.store.save(job.file)
    job.changed.ask(true)
  }

  private async computePreview(job: Job, stop: AbortController): Promise<PreviewTally> {
    const kind = this.kindOf(job.file.kind)
    // A dry run asks the server about every row (do these emails exist?): only the planned one.
    this.checkProjectKnown(job)
    this.checkPlace(job.file.place, job.file.project)
    const ctx = await this.context(job, rowSignal(stop))
    const tally = new PreviewTally()
    const cap = kind.previewConcurrency ?? CONCURRENCY_MAX
    const run: RowRun = { limiter: new AdaptiveLimiter(startingLimit(cap), cap), signal: ctx.signal }
    const retry = rowRetry(run)
    const jobId = job.file.id
    // A selection of 100,000 users is listed page by page before any is decided: that is counted too.
    let listed = 0
    const progress = new Throttle(
      () => this.core.events.emit('jobs.previewProgress', { jobId, rows: tally.counts.total, listed }),
      PROGRESS_EVERY_MS,
    )
    const onListed = (rows: number) => {
      listed = rows
      progress.ask(false)
    }
    try {
      const listing = { listed: onListed, stop: stop.signal }
      const total = await runRows(this.sourceOf(job).rows(ctx, listing), run, (row, at) =>
        retrying(() => kind.preview(row, job.file.params, ctx), retry)
          .catch((err: unknown) => ({
            key: row.key,
            label: row.label,
            action: 'fail' as const,
            reason: toAppError(err).message,
          }))
          .then((preview) => {
            tally.add(at, preview)
            progress.ask(false)
          }),
      )
      // Stopped, the rows read are not the job's: its total stays unknown.
      if (stop.signal.aborted) throw new Stopped()
      this.setTotal(job, total)
      return tally
    } finally {
      progress.cancel()
    }
  }

  private launch(job: Job, confirm: string | undefined): void {
    const abort = new AbortController()
    const signal = rowSignal(abort)
    job.abort = abort
    const cap = concurrencyCap(job.file.params, this.kindOf(job.file.kind))
    job.limiter = new AdaptiveLimiter(startingLimit(cap), cap)
    job.file.pid = process.pid
    job.file.startedAt ??= new Date().toISOString()
    job.file.finishedAt = null
    job.file.lastError = null
    job.meter.reset()
    this.setState(job, 'running')
    job.run = this.execute(job, signal, confirm).then(
      (completed) => this.stopped(job, completed),
      (err: unknown) => this.stopped(job, false, err),
    )
  }

  /** The run has ended here: completed, or stopped by a cancel, a close or a failure (`err`). */
  private stopped(job: Job, completed: boolean, err?: unknown): void {
    this.stopWatchingForReturn(job)
    if (err !== undefined) this.recordFailure(job, err)
    job.run = null
    job.abort = null
    job.file.pid = null
    this.setState(job, completed ? 'completed' : stoppedState(job.file.state))
  }

  private recordFailure(job: Job, err: unknown): void {
    job.file.lastError = toAppError(err).message
    this.core.logger.error('job stopped', { job: job.file.id, error: job.file.lastError })
  }

  /** Runs the rows not ended yet; true when every row has ended, false when the run was stopped. */
  private async execute(job: Job, signal: AbortSignal, confirm: string | undefined): Promise<boolean> {
    const kind = this.kindOf(job.file.kind)
    const ctx = await this.context(job, signal, confirm)
    const journalFile = this.store.journalOf(job.file.id)
    const past = Journal.read(journalFile)
    job.counts = countsOf(past, job.file.total)
    const journal = new Journal(journalFile)
    job.journal = journal
    const run: RowRun = {
      limiter: job.limiter,
      signal,
      gate: () => job.paused?.promise,
      outage: job.outage,
      // A first run has ended no row: its rows are not looked up one by one.
      ...(past.ended.size > 0 ? { skip: (row: JobRow) => past.ended.has(row.key) } : {}),
    }
    job.outage.reset()
    const retry = rowRetry(run, () => job.meter.retried())
    let total: number
    try {
      total = await runRows(this.sourceOf(job).rows(ctx), run, (row) =>
        this.runRow(job, kind, row, past.open.has(row.key), { journal, ctx, retry }),
      )
      if (job.file.state === 'cancelled') await this.endSettledRows(job, journal)
    } finally {
      journal.close()
      job.journal = null
    }
    if (signal.aborted) return false
    this.setTotal(job, total)
    return true
  }

  private async runRow(
    job: Job,
    kind: JobKind<unknown, unknown>,
    row: JobRow,
    wasOpen: boolean,
    { journal, ctx, retry }: RunOf,
  ): Promise<void> {
    const params = job.file.params
    try {
      if (wasOpen) {
        // The last run started this row and never wrote its end: ask the server what happened.
        const state = await retrying(() => kind.reconcile(row, params, ctx), retry)
        if (state === 'done') {
          journal.end(row.key, row.label, 'done', 'Confirmed on the server after an interruption.')
          this.count(job, 'done')
          return
        }
      }
      try {
        await journal.start(row.key)
      } catch (err) {
        // With no start line, a call could be made and forgotten: the job stops here, resumable.
        this.interruptOnFailure(job, err)
        return
      }
      const result: RowResult = await retrying(() => kind.apply(row, params, ctx), retry)
      journal.end(row.key, row.label, result.outcome, result.reason)
      this.count(job, result.outcome)
    } catch (err) {
      if (err instanceof Stopped) return
      const error = toAppError(err)
      journal.end(row.key, row.label, 'failed', error.message)
      job.file.lastError = error.message
      this.count(job, 'failed')
    }
  }

  /**
   * A cancelled job's rows whose end was settled before the run (its kind's `endsWithoutCalls`: an
   * import's rows the person chose to skip) end so in the journal, and in the counts, as a completed
   * run would have ended them: the report gives them as skipped with their reason, not as not reached.
   */
  private async endSettledRows(job: Job, journal: Journal): Promise<void> {
    const kind = this.kindOf(job.file.kind)
    if (!kind.endsWithoutCalls) return
    try {
      journal.write()
      const { ended } = Journal.read(journal.file)
      const ctx = await this.context(job, new AbortController().signal)
      for await (const row of this.sourceOf(job).rows(ctx)) {
        if (ended.has(row.key)) continue
        const result = kind.endsWithoutCalls(row, job.file.params)
        if (!result) continue
        journal.end(row.key, row.label, result.outcome, result.reason)
        this.count(job, result.outcome)
      }
    } catch (err) {
      // The rest stay not reached (its file gone, its project removed); the cancel itself stands.
      this.core.logger.warn('a cancelled job could not end its settled rows', {
        job: job.file.id,
        error: toAppError(err).message,
      })
    }
  }

  /** `endSettledRows` for a job cancelled while no run of it was going: its own journal, closed after. */
  private async endSettledRowsApart(job: Job): Promise<void> {
    const journal = new Journal(this.store.journalOf(job.file.id))
    job.journal = journal
    try {
      await this.endSettledRows(job, journal)
    } finally {
      job.journal = null
      journal.close()
    }
  }

  /** Stops the run for a reason of its own (not a pause or cancel): it ends interrupted, resumable. */
  private interruptOnFailure(job: Job, err: unknown): void {
    if (job.abort?.signal.aborted) return
    this.recordFailure(job, err)
    job.abort?.abort()
  }

  private count(job: Job, outcome: RowOutcome): void {
    job.counts[outcome]++
    job.meter.record(job.counts.done + job.counts.skipped + job.counts.failed)
    job.changed.ask(false)
  }

  /** The other process that runs the job, if one does. */
  private runningIn(job: Job): number | null {
    const { state, pid } = job.file
    return !job.run && (state === 'running' || state === 'paused') && runElsewhere(pid) ? pid : null
  }

  private view(job: Job): JobView {
    const { file, counts } = job
    const finished = counts.done + counts.skipped + counts.failed
    const remaining = counts.total === null ? null : counts.total - finished
    const pace = file.state === 'running' ? job.meter.pace(remaining) : { rate: 0, etaSeconds: null }
    const destructive = this.kinds.get(file.kind)?.destructive ?? false
    const project = this.core.projects.known(file.project)
    return {
      id: file.id,
      kind: file.kind,
      destructive,
      title: file.title,
      project: file.project,
      projectName: project?.name ?? file.projectName,
      connection: file.connection ?? null,
      state: file.state,
      startAsks: file.state === 'planned' && project ? confirmationAsked(project, destructive) : null,
      pause: file.state === 'paused' && file.pause ? { ...file.pause } : null,
      runningIn: this.runningIn(job),
      retryOf: file.retryOf ?? null,
      counts: { ...counts },
      createdAt: file.createdAt,
      startedAt: file.startedAt,
      finishedAt: file.finishedAt,
      runMs: file.runMs ?? null,
      ...pace,
      concurrency: job.run ? job.limiter.limit : 0,
      lastError: file.lastError,
      retries: job.meter.retries,
    }
  }
}

function countsOf(journal: JournalState, total: number | null): JobCounts {
  return { total, ...journal.counts }
}

/** `params.concurrency` (e.g. `userdeck import --concurrency K`) caps a job's calls; else its kind's cap. */
function concurrencyCap(params: unknown, kind: JobKind<unknown, unknown>): number {
  const asked = (params as { concurrency?: unknown } | null)?.concurrency
  if (typeof asked === 'number' && Number.isInteger(asked) && asked >= 1) return asked
  return kind.maxConcurrency ?? CONCURRENCY_MAX
}
