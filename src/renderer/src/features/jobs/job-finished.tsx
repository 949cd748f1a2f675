import { Fragment } from 'react'
import { Text, type TextProps } from '@mantine/core'
import { exactTime } from '@shared/clock'
import type { JobView } from '@shared/models/jobs'
import { finishedParts } from './job-figures'

/**
 * 'Finished 14:32 · took 3 min 12 s' under an ended job ('ran 3 min 12 s · 14 h 5 min in all' for one
 * paused on the way), its exact time on hover. Each part is kept whole: in the Jobs list's narrow
 * cell the line breaks at a dot, not inside '3 min 12 s'.
 */
export function JobFinished({
  job,
  ...text
}: { job: Pick<JobView, 'startedAt' | 'finishedAt' | 'runMs'> } & TextProps) {
  const parts = finishedParts(job)
  if (!job.finishedAt || parts.length === 0) return null
  return (
    <Text c="dimmed" {...text} title={exactTime(job.finishedAt)} data-testid="job-finished">
      {parts.map((part, i) => (
        <Fragment key={part}>
          {i > 0 && ' · '}
          <span style={{ whiteSpace: 'nowrap' }}>{part}</span>
        </Fragment>
      ))}
    </Text>
  )
}
