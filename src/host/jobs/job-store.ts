import { readdirSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { JobPause, JobState } from '@shared/models/jobs'
import { processAlive } from '../process-alive'
import type { ProjectConnection } from '@shared/models/projects'
import { makePrivateDir, readPrivateJson, writePrivateJson } from '../private-files'

/** What job.json holds: the spec (enough to resume in a process that never saw the job) and its state. */
export interface JobFile {
  id: string
  kind: string
  title: string
  project: string
  projectName: string
  /** For a project named by its address (not stored): that address, never its key, so a later run can resume. */
  connection?: ProjectConnection
  /**
   * Where its stored project pointed when it was planned. It runs only there: a project pointed
   * elsewhere since may be another server, and rows read for this one (restore copies, a guarded
   * project's imported hashes) must not follow it.
   */
  place?: ProjectConnection
  params: unknown
  createdAt: string
  state: JobState
  startedAt: string | null
  finishedAt: string | null
  /**
   * How long it has spent running, ms: its pauses and the time between an interruption and its resume
   * left out. Added as each stretch of running ends, so a stretch a crash cut short is not in it.
   * Absent from a job.json written before it was kept.
   */
  runMs?: number
  lastError: string | null
  total: number | null
  /** The process running it, so another process does not call it interrupted while it runs. */
  pid: number | null
  /** While paused: why, and since when. */
  pause?: JobPause | null
  /** For a job that retries another's failed rows: that job's id. */
  retryOf?: string
}

export type JobSpec = Pick<
  JobFile,
  'kind' | 'title' | 'project' | 'projectName' | 'connection' | 'place' | 'params' | 'retryOf'
>

export const finalStates: ReadonlySet<JobState> = new Set(['completed', 'cancelled'])

/**
 * The state a job is left in when its run stops without finishing (a failure, the app closing, a
 * crash found later): one that was running or paused is interrupted, resumable from its journal.
 */
export function stoppedState(state: JobState): JobState {
  return state === 'running' || state === 'paused' ? 'interrupted' : state
}

/** Whether another live process runs the job (its pid, recorded in job.json). */
export function runElsewhere(pid: number | null): boolean {
  return pid !== null && pid !== 0 && pid !== process.pid && processAlive(pid)
}

function newJobId(): string {
  const t = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)
  return `${t}-${randomBytes(3).toString('hex')}`
}

/**
 * A job.json read back, as far as every use of it needs: an object for the folder it is in, with a
 * kind and a state. Fields are not checked further, nor a state against this version's list: a file
 * a newer Userdeck wrote is not damaged, and setting it aside would hide the job from that version.
 */
function jobFileIn(id: string): (stored: unknown) => JobFile {
  return (stored) => {
    const file = stored as Partial<JobFile> | null
    // Anything but an object (null, a list, a string) has no id either.
    if (file?.id !== id) throw new TypeError(`not the record of the job ${id}`)
    if (typeof file.kind !== 'string' || typeof file.state !== 'string')
      throw new TypeError('no kind or state')
    return file as JobFile
  }
}

/** Every job's folder under `<dataDir>/jobs/<id>/`, and the `job.json` in it, written atomically. */
export class JobStore {
  readonly root: string

  /**
   * @param setAside told of a job.json found damaged and renamed aside (see `readPrivateJson`), so a
   * job that vanished from the list is named to the person with where its file went.
   */
  constructor(
    dataDir: string,
    private readonly setAside: (id: string) => (keptAs: string) => void,
  ) {
    this.root = join(dataDir, 'jobs')
    makePrivateDir(this.root)
  }

  dirOf(id: string): string {
    return join(this.root, id)
  }

  journalOf(id: string): string {
    return join(this.dirOf(id), 'journal.jsonl')
  }

  /** A new planned job's folder and spec. */
  create(spec: JobSpec): JobFile {
    const file: JobFile = {
      id: newJobId(),
      ...spec,
      createdAt: new Date().toISOString(),
      state: 'planned',
      startedAt: null,
      finishedAt: null,
      lastError: null,
      total: null,
      pid: null,
    }
    this.save(file)
    return file
  }

  save(file: JobFile): void {
    writePrivateJson(join(this.dirOf(file.id), 'job.json'), file)
  }

  /**
   * A job's job.json as it is now; null when there is none (gone, being made by another process, or
   * damaged: set aside). One left running or paused by a process that is gone is returned (and
   * saved) interrupted, unless `settle` is false: then it is returned as the file says.
   */
  read(id: string, settle = true): JobFile | null {
    const file = readPrivateJson(join(this.dirOf(id), 'job.json'), jobFileIn(id), this.setAside(id))
    return file && settle ? this.settle(file) : file
  }

  /** A job.json read unsettled, as `read` would have given it: one whose process is gone, interrupted. */
  settle(file: JobFile): JobFile {
    const state = stoppedState(file.state)
    if (state !== file.state && !runElsewhere(file.pid)) {
      file.state = state
      file.pid = null
      this.save(file)
    }
    return file
  }

  /**
   * Removes a job's folder. Its job.json goes first, in one step: another process that looks in
   * between finds a folder with no job in it (as one being made), never a damaged record to set aside.
   */
  remove(id: string): void {
    rmSync(join(this.dirOf(id), 'job.json'), { force: true })
    rmSync(this.dirOf(id), { recursive: true, force: true })
  }

  /**
   * The jobs on disk not `known` yet, each as `read` gives it (with `settle`); a damaged job.json is
   * set aside, its journal left where it is.
   */
  *scan(known: (id: string) => boolean, settle = true): Generator<JobFile> {
    for (const id of readdirSync(this.root)) {
      if (known(id)) continue
      const file = this.read(id, settle)
      if (file) yield file
    }
  }
}
