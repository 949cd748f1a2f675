/** How a job's state and progress are shown, the same in the Jobs list, a job's dialog and the import. */
import { durationText, recentTime } from '@shared/clock'
import type { JobView } from '@shared/models/jobs'

const stateColour: Record<JobView['state'], string> = {
  planned: 'gray',
  running: 'blue',
  paused: 'yellow',
  cancelled: 'gray',
  completed: 'teal',
  interrupted: 'orange',
}

/** A job's badge colour: a completed job whose rows failed is not shown in the colour of success. */
export function jobStateColour(job: Pick<JobView, 'state' | 'counts'>): string {
  if (job.state !== 'completed' || job.counts.failed === 0) return stateColour[job.state]
  return job.counts.done + job.counts.skipped === 0 ? 'red' : 'orange'
}

/**
 * The rows a job has not reached; null while it has not counted them all. A job started without a
 * dry run learns its total only once it has gone through every row, so one cancelled partway never does.
 */
export function notReached({ total, done, skipped, failed }: JobView['counts']): number | null {
  return total === null ? null : total - done - skipped - failed
}

/**
 * When an ended job finished and how long it took: 'Finished 14:32', 'took 3 min 12 s' (a day before
 * today is named), written one after the other with ' · '. A job that was paused or interrupted on
 * the way says how long it ran and how long it took in all: 'ran 3 min 12 s', '14 h 5 min in all'.
 * None until it has finished: a job cancelled with calls in flight finishes once they have ended. One
 * cancelled before it ever ran took no time.
 */
export function finishedParts(
  job: Pick<JobView, 'startedAt' | 'finishedAt' | 'runMs'>,
  now = new Date(),
): string[] {
  if (!job.finishedAt) return []
  const finished = `Finished ${recentTime(job.finishedAt, now)}`
  if (!job.startedAt) return [finished]
  const inAllMs = Date.parse(job.finishedAt) - Date.parse(job.startedAt)
  const inAll = durationText(inAllMs)
  // Under a second apart is the two clocks' difference, not a pause; a job from before its running
  // time was kept has only its start and end to go by.
  const ran = job.runMs === null || inAllMs - job.runMs < 1000 ? inAll : durationText(job.runMs)
  return ran === inAll ? [finished, `took ${inAll}`] : [finished, `ran ${ran}`, `${inAll} in all`]
}
