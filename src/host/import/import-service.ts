import { basename } from 'node:path'
import { fail } from '@shared/errors'
import {
  hashTypeLabels,
  IMPORT_KIND,
  problemRuleLabels,
  type DetectedHash,
  type HashSettings,
  type ImportInspection,
  type ImportJobParams,
  type ImportMapping,
  type ImportPlan,
  type ImportProblemsFile,
  type ImportValidation,
  type OnExisting,
  type PasswordCheck,
  type ProblemRule,
} from '@shared/models/import'
import type { JobView } from '@shared/models/jobs'
import { verifyPassword } from '../../passwords'
import type { Core } from '../core'
import type { JobEngine } from '../jobs/job-engine'
import { Stopped } from '../jobs/row-runner'
import { PROGRESS_EVERY_MS, Throttle } from '../jobs/throttle'
import { canonicalMapping, guessMapping } from './formats'
import { assertAppwriteCanVerify } from './hash-config'
import { createImportJobKind } from './import-job'
import { openSource, type OpenedSource, type SourceDeps } from './source'
import { UploadStore } from './uploads'
import { mapRecord, maskSecret, type ImportPassword } from './user-mapper'
import { saveProblems } from './problems-file'
import { validateSource } from './validator'

const PREVIEW_ROWS = 10
const HASH_SAMPLE_ROWS = 500

export interface ResolvedPlan {
  source: OpenedSource
  plan: ImportJobParams['plan']
}

export interface ImportRun {
  plan: ImportPlan
  onExisting: OnExisting
  skip: ProblemRule[]
  concurrency?: number
  /** The source project's stored key, typed again: a guarded project's hashes leave only with it. */
  proof?: string
  /** The window's id for the `import.progress` events of the re-validation. */
  progressId?: string
}

/** Appwrite's stored `hashOptions` for a row's password, so src/passwords verifies it as the server will. */
function storedOptions(p: ImportPassword): Record<string, unknown> {
  if (p.type === 'sha') return { version: p.options.shaVersion ?? 'sha256' }
  if (p.type === 'scrypt') return { ...p.options.scrypt }
  if (p.type === 'scryptMod') return { ...p.options.scryptMod }
  return {}
}

/**
 * A mapping given for a CSV names only its columns. A column that is not there reads as empty on every
 * row: its field would be dropped without a word, or, updating users already there, set to nothing on
 * each of them. A CSV's columns are its header's, the same on every row; a JSON file's keys may differ
 * from row to row, so none of them is refused.
 */
function assertColumnsExist(mapping: ImportMapping, columns: readonly string[]): void {
  for (const [field, column] of Object.entries(mapping)) {
    if (column === undefined || columns.includes(column)) continue
    fail(
      'invalid_input',
      `The file has no column "${column}" (mapped to ${field}). Its columns: ${columns.map((c) => `"${c}"`).join(', ')}.`,
      { field: 'mapping' },
    )
  }
}

export class ImportService {
  readonly uploads: UploadStore
  private readonly deps: SourceDeps
  /** The reads of every row under way that can be stopped, by the `progressId` each was given. */
  private readonly readings = new Map<string, AbortController>()

  constructor(
    private readonly core: Core,
    private readonly engine: JobEngine,
  ) {
    this.uploads = new UploadStore(core.dataDir)
    this.deps = {
      filePath: (source) =>
        source.kind === 'upload'
          ? this.uploads.path(source.uploadId)
          : source.kind === 'file'
            ? source.path
            : fail('invalid_input', 'A project is not a file.'),
      usersOf: async (project) => (await core.projects.resolve(project)).clients.users,
    }
    engine.register(createImportJobKind(this.deps))
  }

  /** Opens the source and fills in what the person has not chosen yet: format, mapping, hash settings. */
  async resolve(plan: ImportPlan): Promise<ResolvedPlan> {
    const source = await openSource(plan, this.deps)
    let mapping: ImportMapping
    if (plan.mapping) {
      if (source.format === 'csv') assertColumnsExist(plan.mapping, source.columns)
      mapping = plan.mapping
    } else if (source.format === 'csv' || source.format === 'json') {
      const first: Record<string, unknown>[] = []
      for await (const r of source.records()) {
        first.push(r.record)
        if (first.length >= 20) break
      }
      mapping = guessMapping(source.columns, first)
    } else mapping = canonicalMapping()
    // Auto: each row's hash type comes from its source (Firebase, Appwrite) or is detected from its text.
    const hash: HashSettings = plan.hash ?? { type: 'auto' }
    if (hash.firebase) assertAppwriteCanVerify(hash.firebase)
    return { source, plan: { ...plan, format: source.format, mapping, hash } }
  }

  async inspect(plan: ImportPlan): Promise<ImportInspection> {
    const { source, plan: resolved } = await this.resolve(plan)
    const preview: ImportInspection['preview'] = []
    const hashes = new Map<string, DetectedHash>()
    let seen = 0
    for await (const record of source.records()) {
      const { user } = mapRecord(record, resolved.mapping, resolved.hash)
      if (preview.length < PREVIEW_ROWS) {
        preview.push({
          row: user.row,
          id: user.id,
          email: user.email,
          phone: user.phone,
          name: user.name,
          password: user.password
            ? { type: user.password.type, masked: maskSecret(user.password.value) }
            : null,
          labels: user.labels,
          prefs: user.prefs,
          emailVerification: user.emailVerification,
          phoneVerification: user.phoneVerification,
          status: user.status,
        })
      }
      const column = resolved.mapping.password
      const raw = column ? record.record[column] : undefined
      if (typeof raw === 'string' && raw.trim() !== '') {
        const type = user.password?.type ?? 'unknown'
        const shaVersion = user.password?.options.shaVersion
        const key = `${type}:${shaVersion ?? ''}`
        const entry = hashes.get(key) ?? {
          type,
          ...(shaVersion ? { shaVersion } : {}),
          rows: 0,
          example: maskSecret(raw.trim()),
        }
        entry.rows++
        hashes.set(key, entry)
      }
      if (++seen >= HASH_SAMPLE_ROWS) break
    }
    const notes = [...source.notes]
    if (resolved.format === 'firebase' && !resolved.hash.firebase && resolved.mapping.password)
      notes.push(
        "Firebase passwords need the project's hash config: Firebase console → Authentication → Users → ⋮ → Password hash parameters.",
      )
    return {
      format: resolved.format,
      csv: source.csv
        ? { delimiter: source.csv.delimiter, header: source.csv.header, encoding: source.csv.encoding }
        : null,
      columns: source.columns,
      mapping: resolved.mapping,
      hash: resolved.hash,
      detectedHashes: [...hashes.values()],
      preview,
      notes,
    }
  }

  async validate(plan: ImportPlan, progressId?: string): Promise<ImportValidation> {
    return this.reading(progressId, async (read, stop) => {
      const { source, plan: resolved } = await this.resolve(plan)
      const target = await this.core.projects.resolve(plan.project)
      return validateSource(
        source,
        resolved.mapping,
        resolved.hash,
        target.clients.users,
        read,
        undefined,
        stop,
      )
    })
  }

  /**
   * Validates again, writing every problem with its row to a CSV in the data folder as it is found:
   * the validation's examples are the first few of each kind, and the file must be fixed for them all.
   */
  async saveProblems(plan: ImportPlan, progressId?: string): Promise<ImportProblemsFile> {
    return this.reading(progressId, async (read, stop) => {
      const { source, plan: resolved } = await this.resolve(plan)
      const target = await this.core.projects.resolve(plan.project)
      return saveProblems(
        this.core.dataDir,
        this.sourceName(plan),
        resolved.mapping,
        (sink) =>
          validateSource(source, resolved.mapping, resolved.hash, target.clients.users, read, sink, stop),
        { stop },
      )
    })
  }

  /**
   * Stops the read of every row `progressId` names (a validation, a save of the problems, a dry run's
   * check again), as `jobs.stopPreview` stops a dry run: no other row is read, and it answers
   * `cancelled`. `stopped` is false when no such read is under way (it had ended).
   */
  stopReading(progressId: string): { stopped: boolean } {
    const reading = this.readings.get(progressId)
    reading?.abort()
    return { stopped: reading !== undefined }
  }

  /** The source as a person names it: the file's name, or the project it is read from. */
  private sourceName(plan: ImportPlan): string {
    return plan.source.kind === 'upload'
      ? this.uploads.name(plan.source.uploadId)
      : plan.source.kind === 'file'
        ? basename(plan.source.path)
        : `project ${plan.source.project}`
  }

  /**
   * Runs a read of every row, telling the window how far it has got (`import.progress`, at most ten a
   * second) when it gave a `progressId`: a file of a million rows takes a while to read. By that id
   * the read can be stopped (`stopReading`), from before anything is awaited, so a stop sent just
   * after the read began finds it; stopped, it answers `cancelled`.
   */
  private async reading<T>(
    progressId: string | undefined,
    validation: (read?: (rows: number) => void, stop?: AbortSignal) => Promise<T>,
  ): Promise<T> {
    if (!progressId) return validation()
    const stop = new AbortController()
    this.readings.set(progressId, stop)
    let rows = 0
    const progress = new Throttle(
      () => this.core.events.emit('import.progress', { progressId, rows }),
      PROGRESS_EVERY_MS,
    )
    try {
      return await validation((n) => {
        rows = n
        progress.ask(false)
      }, stop.signal)
    } catch (err) {
      if (err instanceof Stopped) fail('cancelled', 'Stopped before every row was read; nothing was written.')
      throw err
    } finally {
      progress.cancel()
      if (this.readings.get(progressId) === stop) this.readings.delete(progressId)
    }
  }

  /**
   * Another project as the source hands its password hashes to the target (or, for a password check,
   * to whoever guesses): from a guarded project only with its key typed again.
   */
  private async proveSource(plan: ImportPlan, proof: string | undefined): Promise<void> {
    if (plan.source.kind === 'project') await this.core.projects.proveHashRead(plan.source.project, proof)
  }

  async checkPassword(
    plan: ImportPlan,
    row: number,
    password: string,
    proof?: string,
  ): Promise<PasswordCheck> {
    await this.proveSource(plan, proof)
    const { source, plan: resolved } = await this.resolve(plan)
    for await (const record of source.records()) {
      if (record.row < row) continue
      if (record.row > row) break
      const { user } = mapRecord(record, resolved.mapping, resolved.hash)
      const p = user.password
      if (!p)
        return {
          row,
          ok: false,
          hashType: 'unknown',
          message: `Row ${row} has no password Userdeck can read.`,
        }
      const ok = await verifyPassword(password, p.value, p.type, storedOptions(p))
      const hash = `${hashTypeLabels[p.type]} hash`
      return {
        row,
        ok,
        hashType: p.type,
        message: ok
          ? `The password matches row ${row}'s ${hash}: these parameters are right.`
          : `The password does not match row ${row}'s ${hash}. Check the password and ${p.type === 'scryptMod' ? 'the Firebase hash config (signer key, salt separator)' : p.type === 'sha' ? 'the SHA version' : 'the hash type'} before importing.`,
      }
    }
    return fail('not_found', `The file has no row ${row}.`, { field: 'row' })
  }

  /** Validates again (the file or the project may have changed), then plans the job. Writes nothing. */
  async createJob(run: ImportRun): Promise<JobView> {
    this.core.projects.guardWrite(run.plan.project, { planning: true })
    await this.proveSource(run.plan, run.proof)
    const { source, plan } = await this.resolve(run.plan)
    const target = await this.core.projects.resolve(run.plan.project)
    const validation = await this.reading(run.progressId, (read, stop) =>
      validateSource(source, plan.mapping, plan.hash, target.clients.users, read, undefined, stop),
    )
    const blocking = validation.problems.filter((p) => !run.skip.includes(p.rule))
    if (blocking.length > 0) {
      const list = blocking.map((p) => `${problemRuleLabels[p.rule]} (${p.count})`).join(', ')
      fail(
        'invalid_input',
        `Some rows have problems you have not chosen to skip: ${list}. Skip them, fix the mapping, or fix the file.`,
        {
          field: 'skip',
        },
      )
    }
    if (validation.rows === 0) fail('invalid_input', 'The file holds no users.')
    const params: ImportJobParams = {
      plan,
      onExisting: run.onExisting,
      skip: run.skip,
      ...(run.concurrency ? { concurrency: run.concurrency } : {}),
    }
    const name = this.sourceName(run.plan)
    return this.engine.create({
      kind: IMPORT_KIND,
      project: run.plan.project,
      params,
      title: `Import ${validation.rows.toLocaleString('en')} users from ${name}`,
    })
  }
}
