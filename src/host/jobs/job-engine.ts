import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { fail } from '@shared/errors'
import type { JobCounts, JobPreview, JobState, JobView, ReportRow, RowOutcome } from '@shared/models/jobs'
import { toAppError } from '../appwrite/errors'
import type { Core } from '../core'
import type { JobContext, JobKind, JobRow, RowResult } from './job-kind'
import { Journal, type JournalState } from './journal'
import { AdaptiveLimiter, CONCURRENCY_MAX, retrying, startingLimit } from './pacing'
import { PreviewTally } from './preview'
import { RowSource } from './row-source'
import { KeySet } from './fingerprint-table'
import { PRIVATE_FILE, makePrivateDir } from '../private-files'

/** What job.json holds: the spec (enough to resume in a process that never saw the job) and its state. */
interface JobFile {
  id: string
  kind: string
  title: string
  project: string
  projectName: string
  params: unknown
  createdAt: string
  state: JobState
  startedAt: string | null
  finishedAt: string | null
  lastError: string | null
  total: number | null
  /** The process running it, so another process does not call it interrupted while it runs. */
  pid: number | null
}

export interface CreateJob {
  kind: string
  project: string
  params: unknown
  title: string
}

interface Job {
  file: JobFile
  dir: string
  counts: JobCounts
  /** Made when first needed: a job may be scanned before its kind is registered. */
  source: RowSource | null
  preview: Promise<PreviewTally> | null
  limiter: AdaptiveLimiter
  abort: AbortController | null
  paused: { promise: Promise<void>; resume: () => void } | null
  run: Promise<void> | null
  /** The running job's journal, whose latest end lines may not be in the file yet. */
  journal: Journal | null
  samples: { t: number; n: number }[]
  /** Calls tried again in this process's run of the job. */
  retries: number
  lastEmit: number
  emitTimer: NodeJS.Timeout | null
}

const EMIT_EVERY_MS = 100
const RATE_WINDOW_MS = 5000
const SAMPLE_EVERY_MS = 100
const finalStates: ReadonlySet<JobState> = new Set(['completed', 'cancelled'])

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function newJobId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)
  return `${t}-${randomBytes(3).toString('hex')}`
}

/** Thrown inside a row when the job stops while the row waits to retry: its outcome stays open. */
class Stopped extends Error {}

/**
 * Runs every bulk action (labels, sessions, status, import, undo) with preview, journal and resume.
 * A kind says what a row is and how to do one; the engine owns the rest: adaptive concurrency,
 * retries, pause/resume/cancel, the journal under `<dataDir>/jobs/<id>/`, progress events, the report.
 */
export class JobEngine {
  private readonly kinds = new Map<string, JobKind<never, never>>()
  private readonly jobs = new Map<string, Job>()
  private readonly root: string

  constructor(private readonly core: Core) {
    this.root = join(core.dataDir, 'jobs')
    makePrivateDir(this.root)
    this.scan()
  }

  register<P, D>(kind: JobKind<P, D>): void {
    this.kinds.set(kind.kind, kind as unknown as JobKind<never, never>)
  }

  /** Plans a job: checks the project may be written at all, saves the spec. Nothing is read or written yet. */
  async create(input: CreateJob): Promise<JobView> {
    this.kindOf(input.kind)
    // Read-only and scope are checked now; a production confirmation is asked when it is run.
    const entry = this.core.projects.guardWrite(input.project)
    const id = newJobId()
    const dir = join(this.root, id)
    makePrivateDir(dir)
    const job = this.track({
      id,
      kind: input.kind,
      title: input.title,
      project: input.project,
      projectName: entry.name,
      params: input.params,
      createdAt: new Date().toISOString(),
      state: 'planned',
      startedAt: null,
      finishedAt: null,
      lastError: null,
      total: null,
      pid: null,
    })
    this.save(job)
    this.emit(job, true)
    return this.view(job)
  }

  list(filter: { project?: string } = {}): JobView[] {
    this.scan()
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
    job.preview ??= this.computePreview(job).catch((err: unknown) => {
      job.preview = null
      throw err
    })
    return (await job.preview).page(id, page.offset ?? 0, page.limit ?? 100)
  }

  /** Runs a planned job in the background; progress comes as `jobs.changed` events. */
  async start(id: string, options: { confirm?: string } = {}): Promise<JobView> {
    const job = this.job(id)
    if (job.file.state !== 'planned')
      fail('conflict', `This job is ${job.file.state}; only a planned job can be started.`)
    this.guard(job, options.confirm, true)
    this.launch(job)
    return this.view(job)
  }

  pause(id: string): JobView {
    const job = this.job(id)
    if (job.file.state !== 'running')
      fail('conflict', `This job is ${job.file.state}; only a running job can be paused.`)
    if (!job.run)
      fail(
        'conflict',
        `This job is running in another Userdeck process (pid ${job.file.pid}); pause it there.`,
      )
    let resume = () => {}
    const promise = new Promise<void>((r) => (resume = r))
    job.paused = { promise, resume }
    this.setState(job, 'paused')
    return this.view(job)
  }

  /** Continues a paused job, or an interrupted one from its journal (also in a new process). */
  async resume(id: string, options: { confirm?: string } = {}): Promise<JobView> {
    const job = this.job(id)
    const { state } = job.file
    if (state === 'paused' && job.paused) {
      const gate = job.paused
      job.paused = null
      this.setState(job, 'running')
      gate.resume()
      return this.view(job)
    }
    if (state === 'running' && job.run) return this.view(job)
    if (state === 'running' || state === 'paused') {
      if (job.file.pid && job.file.pid !== process.pid && alive(job.file.pid))
        fail('conflict', `This job is running in another Userdeck process (pid ${job.file.pid}).`)
    } else if (state !== 'interrupted') {
      fail('conflict', `This job is ${state}; only a paused or interrupted job can be resumed.`)
    }
    this.guard(job, options.confirm, false)
    this.launch(job)
    return this.view(job)
  }

  cancel(id: string): JobView {
    const job = this.job(id)
    if (finalStates.has(job.file.state)) return this.view(job)
    if (job.run) {
      job.abort?.abort()
      job.paused?.resume()
      job.paused = null
    } else {
      job.file.finishedAt = new Date().toISOString()
    }
    this.setState(job, 'cancelled')
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
    for (const line of Journal.lines(join(job.dir, 'journal.jsonl'))) {
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
      else if (!ended.has(row.key)) yield { key: row.key, label: row.label, outcome: 'pending' }
    }
  }

  /** The job's folder under the data folder: its spec, journal, row snapshot and saved reports. */
  dirOf(id: string): string {
    return this.job(id).dir
  }

  /** Stops running jobs so a later start resumes them from the journal. */
  async close(): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.run)
    for (const job of running) {
      job.abort?.abort()
      job.paused?.resume()
    }
    await Promise.allSettled(running.map((j) => j.run))
    for (const job of running) if (job.emitTimer) clearTimeout(job.emitTimer)
  }

  // ── internals ──────────────────────────────────────────────────────────────────────────────

  private kindOf(name: string): JobKind<unknown, unknown> {
    const kind = this.kinds.get(name)
    if (!kind)
      fail('invalid_request', `Userdeck has no bulk action "${name}". Update Userdeck, or remove the job.`)
    return kind as unknown as JobKind<unknown, unknown>
  }

  private job(id: string): Job {
    let job = this.jobs.get(id)
    if (!job) {
      this.scan()
      job = this.jobs.get(id)
    }
    if (!job) fail('not_found', `No job "${id}". "userdeck jobs list" shows the jobs in this data folder.`)
    return job
  }

  private guard(job: Job, confirm: string | undefined, destructiveCheck: boolean): void {
    const kind = this.kindOf(job.file.kind)
    this.core.projects.guardWrite(job.file.project, {
      destructive: destructiveCheck && kind.destructive,
      ...(confirm !== undefined ? { confirm } : {}),
    })
  }

  /** Loads jobs not known yet from disk. A job left running by a process that is gone is interrupted. */
  private scan(): void {
    for (const id of readdirSync(this.root)) {
      if (this.jobs.has(id)) continue
      const file = join(this.root, id, 'job.json')
      if (!existsSync(file)) continue
      let spec: JobFile
      try {
        spec = JSON.parse(readFileSync(file, 'utf8')) as JobFile
      } catch {
        continue
      }
      const job = this.track(spec)
      const owner = spec.pid
      if (
        (spec.state === 'running' || spec.state === 'paused') &&
        !(owner && owner !== process.pid && alive(owner))
      ) {
        job.file.state = 'interrupted'
        job.file.pid = null
        this.save(job)
      }
    }
  }

  private track(file: JobFile): Job {
    const dir = join(this.root, file.id)
    const journal = Journal.read(join(dir, 'journal.jsonl'))
    const job: Job = {
      file,
      dir,
      counts: countsOf(journal, file.total),
      source: null,
      preview: null,
      limiter: new AdaptiveLimiter(),
      abort: null,
      paused: null,
      run: null,
      journal: null,
      samples: [],
      retries: 0,
      lastEmit: 0,
      emitTimer: null,
    }
    this.jobs.set(file.id, job)
    return job
  }

  private save(job: Job): void {
    const file = join(job.dir, 'job.json')
    writeFileSync(`${file}.tmp`, JSON.stringify(job.file, null, 2), { mode: PRIVATE_FILE })
    renameSync(`${file}.tmp`, file)
  }

  private setState(job: Job, state: JobState): void {
    job.file.state = state
    this.save(job)
    this.emit(job, true)
  }

  private async context(job: Job, signal: AbortSignal): Promise<JobContext> {
    return {
      jobId: job.file.id,
      project: await this.core.projects.resolve(job.file.project),
      signal,
      logger: this.core.logger,
    }
  }

  private sourceOf(job: Job): RowSource {
    job.source ??= new RowSource(this.kindOf(job.file.kind), job.file.params, job.dir)
    return job.source
  }

  /** Records the number of rows once a pass has gone through all of them. */
  private setTotal(job: Job, total: number): void {
    if (job.file.total === total) return
    job.file.total = total
    job.counts.total = total
    this.save(job)
    this.emit(job, true)
  }

  private async computePreview(job: Job): Promise<PreviewTally> {
    const kind = this.kindOf(job.file.kind)
    const signal = new AbortController().signal
    // Every row waiting out a backoff listens on it.
    setMaxListeners(0, signal)
    const ctx = await this.context(job, signal)
    const tally = new PreviewTally()
    const limiter = new AdaptiveLimiter()
    const inFlight = new Set<Promise<void>>()
    let index = 0
    for await (const row of this.sourceOf(job).rows(ctx)) {
      const at = index++
      await limiter.acquire()
      const task = this.withRetry(limiter, ctx.signal, () => kind.preview(row, job.file.params, ctx))
        .catch((err: unknown) => ({
          key: row.key,
          label: row.label,
          action: 'fail' as const,
          reason: toAppError(err).message,
        }))
        .then((preview) => tally.add(at, preview))
        .finally(() => {
          limiter.release()
          inFlight.delete(task)
        })
      inFlight.add(task)
    }
    await Promise.all(inFlight)
    this.setTotal(job, index)
    return tally
  }

  private launch(job: Job): void {
    const abort = new AbortController()
    // Every row waiting out a backoff listens on it.
    setMaxListeners(0, abort.signal)
    job.abort = abort
    const cap = concurrencyCap(job.file.params, this.kindOf(job.file.kind))
    job.limiter = new AdaptiveLimiter(startingLimit(cap), cap)
    job.file.pid = process.pid
    job.file.startedAt ??= new Date().toISOString()
    job.file.finishedAt = null
    job.file.lastError = null
    job.samples = []
    job.retries = 0
    this.setState(job, 'running')
    job.run = this.execute(job, abort.signal)
      .catch((err: unknown) => {
        const error = toAppError(err)
        job.file.lastError = error.message
        this.core.logger.error('job stopped', { job: job.file.id, error: error.message })
        if (job.file.state === 'running' || job.file.state === 'paused') job.file.state = 'interrupted'
      })
      .finally(() => {
        job.run = null
        job.abort = null
        job.file.pid = null
        if (job.file.state === 'running' || job.file.state === 'paused') {
          // Stopped from outside (the app closing): resumable from the journal.
          job.file.state = 'interrupted'
        }
        if (finalStates.has(job.file.state)) job.file.finishedAt ??= new Date().toISOString()
        this.save(job)
        this.emit(job, true)
      })
  }

  private async execute(job: Job, signal: AbortSignal): Promise<void> {
    const kind = this.kindOf(job.file.kind)
    const ctx = await this.context(job, signal)
    const journalFile = join(job.dir, 'journal.jsonl')
    const past = Journal.read(journalFile)
    job.counts = countsOf(past, job.file.total)
    const journal = new Journal(journalFile)
    job.journal = journal
    const inFlight = new Set<Promise<void>>()
    let total = 0
    try {
      for await (const row of this.sourceOf(job).rows(ctx)) {
        total++
        if (past.ended.has(row.key)) continue
        if (job.paused) await job.paused.promise
        if (signal.aborted) break
        if (!job.limiter.tryAcquire()) await job.limiter.acquire(signal)
        if (signal.aborted) {
          job.limiter.release()
          break
        }
        const task = this.runRow(job, kind, row, past.open.has(row.key), journal, ctx).finally(() => {
          job.limiter.release()
          inFlight.delete(task)
        })
        inFlight.add(task)
      }
    } finally {
      // Rows are read while others run: if reading fails part-way, the rows started still end in the journal.
      await Promise.all(inFlight)
      journal.close()
      job.journal = null
    }
    if (signal.aborted) {
      if (job.file.state === 'cancelled') job.file.finishedAt = new Date().toISOString()
      return
    }
    this.setTotal(job, total)
    job.file.state = 'completed'
    job.file.finishedAt = new Date().toISOString()
  }

  private async runRow(
    job: Job,
    kind: JobKind<unknown, unknown>,
    row: JobRow,
    wasOpen: boolean,
    journal: Journal,
    ctx: JobContext,
  ): Promise<void> {
    const params = job.file.params
    try {
      if (wasOpen) {
        // The last run started this row and never wrote its end: ask the server what happened.
        const state = await this.withRetry(
          job.limiter,
          ctx.signal,
          () => kind.reconcile(row, params, ctx),
          job,
        )
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
        this.interrupt(job, err)
        return
      }
      const result: RowResult = await this.withRetry(
        job.limiter,
        ctx.signal,
        () => kind.apply(row, params, ctx),
        job,
      )
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

  /** Stops the run for a reason of its own (not a pause or cancel): it ends interrupted, resumable. */
  private interrupt(job: Job, err: unknown): void {
    if (job.abort?.signal.aborted) return
    job.file.lastError = toAppError(err).message
    this.core.logger.error('job stopped', { job: job.file.id, error: job.file.lastError })
    job.abort?.abort()
  }

  private withRetry<T>(
    limiter: AdaptiveLimiter,
    signal: AbortSignal,
    call: () => Promise<T>,
    job?: Job,
  ): Promise<T> {
    return retrying(call, {
      limiter,
      signal,
      onStop: () => new Stopped(),
      ...(job ? { onRetry: () => void job.retries++ } : {}),
    })
  }

  private count(job: Job, outcome: RowOutcome): void {
    job.counts[outcome]++
    const now = Date.now()
    const n = job.counts.done + job.counts.skipped + job.counts.failed
    // One sample per SAMPLE_EVERY_MS, not one per row: at thousands of rows a second a sample per row
    // made the window (and shifting it) as long as the rows of five seconds.
    const { samples } = job
    const last = samples[samples.length - 1]
    const prev = samples[samples.length - 2]
    if (prev && last && last.t - prev.t < SAMPLE_EVERY_MS) {
      last.t = now
      last.n = n
    } else samples.push({ t: now, n })
    while (samples.length > 2 && samples[0]!.t < now - RATE_WINDOW_MS) samples.shift()
    this.emit(job, false)
  }

  private view(job: Job): JobView {
    const { file, counts } = job
    const first = job.samples[0]
    const last = job.samples.at(-1)
    const rate =
      file.state === 'running' && first && last && last.t > first.t
        ? ((last.n - first.n) * 1000) / (last.t - first.t)
        : 0
    const finished = counts.done + counts.skipped + counts.failed
    const remaining = counts.total === null ? null : counts.total - finished
    return {
      id: file.id,
      kind: file.kind,
      destructive: this.kinds.get(file.kind)?.destructive ?? false,
      title: file.title,
      project: file.project,
      projectName: file.projectName,
      state: file.state,
      counts: { ...counts },
      createdAt: file.createdAt,
      startedAt: file.startedAt,
      finishedAt: file.finishedAt,
      rate: Math.round(rate * 10) / 10,
      etaSeconds: rate > 0 && remaining !== null ? Math.ceil(remaining / rate) : null,
      concurrency: job.run ? job.limiter.limit : 0,
      lastError: file.lastError,
      retries: job.retries,
    }
  }

  /** At most one event per job per 100 ms, and never a lost last one. */
  private emit(job: Job, now: boolean): void {
    const since = Date.now() - job.lastEmit
    if (now || since >= EMIT_EVERY_MS) {
      if (job.emitTimer) clearTimeout(job.emitTimer)
      job.emitTimer = null
      job.lastEmit = Date.now()
      this.core.events.emit('jobs.changed', this.view(job))
      return
    }
    job.emitTimer ??= setTimeout(() => {
      job.emitTimer = null
      job.lastEmit = Date.now()
      this.core.events.emit('jobs.changed', this.view(job))
    }, EMIT_EVERY_MS - since)
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
