import { Progress, type MantineSize } from '@mantine/core'
import type { JobCounts } from '@shared/models/jobs'

/**
 * A job's rows as one bar: done, skipped and failed, each in its colour and named for a screen reader
 * ("Job progress: failed"), so failures show at a glance. The Jobs list, a job's dialog and the import
 * draw it alike.
 */
export function JobProgressBar({
  counts,
  label,
  size,
  animated = false,
}: {
  counts: Pick<JobCounts, 'total' | 'done' | 'skipped' | 'failed'>
  label: string
  size: MantineSize
  animated?: boolean
}) {
  const { total, done, skipped, failed } = counts
  const share = (rows: number) => (total ? (rows / total) * 100 : 0)
  const parts = [
    ['done', done, 'teal'],
    ['skipped', skipped, 'gray'],
    ['failed', failed, 'red'],
  ] as const
  return (
    <Progress.Root size={size}>
      {parts.map(([part, rows, color]) => (
        <Progress.Section
          key={part}
          value={share(rows)}
          color={color}
          animated={animated}
          aria-label={`${label}: ${part}`}
        />
      ))}
    </Progress.Root>
  )
}
