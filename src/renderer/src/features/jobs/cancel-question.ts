import { IMPORT_KIND } from '@shared/models/import'
import { PENDING, type JobView } from '@shared/models/jobs'
import { formatCount } from '../../format-count'
import { notReached } from './job-figures'

/** What the window asks before a job is cancelled, in words; the modal is `askToCancel`'s. */
export interface CancelQuestion {
  title: string
  /** Each its own paragraph. */
  lines: string[]
  confirm: string
  keep: string
}

/**
 * A cancelled job cannot be resumed, so the question says what stays and how to finish later. For an
 * import, the same file again brings in the rest: its ids are the file's or derived from each email,
 * so the users imported before are found in the project and skipped (the window's default for users
 * already there, "Skip them").
 */
export function cancelQuestion(job: Pick<JobView, 'kind' | 'state' | 'projectName'>): CancelQuestion {
  // Asked of a running or a paused job: those are the ones a Cancel button is shown for.
  const running = job.state === 'running'
  const pauseInstead = running ? ' To stop for a while and go on later, pause it instead.' : ''
  if (job.kind === IMPORT_KIND)
    return {
      title: 'Cancel this import?',
      lines: [
        `The users imported so far stay in “${job.projectName}”, and the rest of the file is not imported. A cancelled import cannot be resumed.${pauseInstead}`,
        'To bring in the rest later, import the same file again: the users already imported are found in the project and skipped (Users already in the project: Skip them).',
      ],
      confirm: 'Cancel import',
      keep: running ? 'Keep importing' : 'Keep it paused',
    }
  return {
    title: 'Cancel this job?',
    lines: [
      `What it has already done in “${job.projectName}” stays done, and the users it has not reached are left as they are. A cancelled job cannot be resumed.${pauseInstead}`,
      'Its report lists which users it reached.',
    ],
    confirm: 'Cancel job',
    keep: running ? 'Keep running' : 'Keep it paused',
  }
}

/**
 * What the window says of a job once it is cancelled. Its counts are final only at its finishedAt: a
 * job cancelled with calls in flight waits for their answers, and until then says so rather than
 * count those rows as not reached.
 */
export function cancelledNote(job: Pick<JobView, 'kind' | 'counts' | 'finishedAt'>): string {
  if (!job.finishedAt)
    return 'Cancelled. The calls already sent are ending; the counts are final once they have.'
  const left = notReached(job.counts)
  if (left === null)
    return job.kind === IMPORT_KIND
      ? 'Cancelled before it had counted the file’s rows. The rows it did not reach were not imported; import the same file again to bring them in.'
      : 'Cancelled before it had counted its users. What was done stays done; the users it did not reach are unchanged.'
  if (left <= 0) return 'Cancelled after every user was reached: nothing was left undone.'
  const one = left === 1
  const them = one ? 'it' : 'them'
  if (job.kind === IMPORT_KIND)
    return `Cancelled. ${formatCount(left)} ${one ? 'row of the file was' : 'rows of the file were'} not imported; import the same file again to bring ${them} in. The saved report lists ${them} as ${PENDING}.`
  return `Cancelled. What was done stays done; ${formatCount(left)} ${one ? 'user was not reached and is' : 'users were not reached and are'} unchanged. The saved report lists ${them} as ${PENDING}.`
}
