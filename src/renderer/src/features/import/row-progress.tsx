import { Progress, Stack, Text } from '@mantine/core'
import { useImport, type RowProgress } from './import-store'
import { formatCount } from '../../format-count'

const stepName: Record<RowProgress['phase'], string> = {
  check: 'Checking every row',
  recheck: 'Checking every row again before the dry run',
  'dry-run': 'Dry run',
}

/** How far a validation or a dry run has got, under the button that started it. */
export function RowProgressLine() {
  const progress = useImport((s) => s.progress)
  if (!progress) return null
  const { phase, rows, of } = progress
  const done = phase === 'dry-run' ? 'decided' : 'read'
  return (
    <Stack gap={4} maw={520} data-testid="import-progress">
      <Text size="sm" c="dimmed">
        {stepName[phase]}: {of ? `${formatCount(rows)} of ${formatCount(of)}` : formatCount(rows)} rows {done}
      </Text>
      {of ? <Progress value={Math.min(100, (rows / of) * 100)} aria-label={stepName[phase]} /> : null}
    </Stack>
  )
}
