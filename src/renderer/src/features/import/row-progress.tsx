import { useEffect, useRef } from 'react'
import { Button, Group, Progress, Stack, Text } from '@mantine/core'
import { useImport, type RowProgress } from './import-store'
import { formatCount } from '../../format-count'

const stepName: Record<RowProgress['phase'], string> = {
  check: 'Checking every row',
  recheck: 'Checking every row again before the dry run',
  problems: 'Saving the rows with a problem',
  'dry-run': 'Dry run',
}

/** What stops each phase, said on its button. */
const stopName: Record<RowProgress['phase'], string> = {
  check: 'Stop checking',
  recheck: 'Stop dry run',
  problems: 'Stop saving',
  'dry-run': 'Stop dry run',
}

/**
 * How far a validation, a dry run or a save of the problems has got, under the button that started it
 * (each button's line shows its own `phases`). The step's last buttons end a long page, so the line
 * would appear below the window's edge: each phase brings it into view once. Each can be stopped (a
 * mapping found wrong a minute into a million rows); none leaves anything written.
 */
export function RowProgressLine({ phases }: { phases: readonly RowProgress['phase'][] }) {
  const progress = useImport((s) => s.progress)
  const stopDryRun = useImport((s) => s.stopDryRun)
  const stopReading = useImport((s) => s.stopReading)
  const line = useRef<HTMLDivElement>(null)
  const shown = progress && phases.includes(progress.phase) ? progress.phase : null
  useEffect(() => {
    if (shown) line.current?.scrollIntoView({ block: 'nearest' })
  }, [shown])
  if (!progress || !shown) return null
  const { phase, rows, of, stopping } = progress
  const done = phase === 'dry-run' ? 'decided' : 'read'
  return (
    <Stack ref={line} gap={4} w="100%" maw={520} data-testid="import-progress">
      <Group gap="sm" justify="space-between" wrap="nowrap">
        <Text size="sm" c="dimmed">
          {stepName[phase]}: {of ? `${formatCount(rows)} of ${formatCount(of)}` : formatCount(rows)} rows{' '}
          {done}
        </Text>
        {/* Stopping, it waits for the calls already sent. Marked, not disabled, so the focus stays on
            it; a second press does nothing, as the store's stops are once only. */}
        <Button
          size="compact-xs"
          variant="default"
          aria-disabled={stopping}
          data-disabled={stopping || undefined}
          onClick={phase === 'recheck' || phase === 'dry-run' ? stopDryRun : stopReading}
        >
          {stopping ? 'Stopping…' : stopName[phase]}
        </Button>
      </Group>
      {of ? <Progress value={Math.min(100, (rows / of) * 100)} aria-label={stepName[phase]} /> : null}
    </Stack>
  )
}
