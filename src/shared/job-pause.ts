import { clockTime } from './clock'
import type { JobView } from './models/jobs'

/** Why a paused job waits and what brings it back, in the words the window and the CLI both use. */
export function pauseSentence(job: Pick<JobView, 'pause' | 'projectName'>): string | null {
  const { pause } = job
  if (!pause) return null
  if (pause.reason === 'unreachable')
    return `Paused: ${job.projectName} is unreachable since ${clockTime(pause.since)}. It resumes by itself when the server answers.`
  return `Paused since ${clockTime(pause.since)}. It goes on when you resume it.`
}
