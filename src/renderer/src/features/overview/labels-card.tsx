import { Center, Group, Paper, ScrollArea, Stack, Text, useComputedColorScheme } from '@mantine/core'
import { BarsList } from '@mantine/charts'
import { IconTags } from '@tabler/icons-react'
import type { ProjectStats } from '@shared/models/stats'
import { countedText } from './figures'
import { formatCount } from '../../format-count'

/** The labels in use, most used first, with how many users carry each. */
export function LabelsCard({ stats }: { stats: ProjectStats }) {
  // Mantine's light bars all but vanish on a dark background: there, filled ones in a deeper shade.
  const dark = useComputedColorScheme('light') === 'dark'
  return (
    <Paper withBorder p="md" radius="md" aria-label="Labels in use" role="region" h="100%">
      <Group justify="space-between" align="baseline" gap="xs" wrap="nowrap">
        <Text fw={600}>Labels in use</Text>
        <Text size="xs" c="dimmed" truncate>
          {stats.labels.length === 1 ? '1 label' : `${formatCount(stats.labels.length)} labels`} ·{' '}
          {countedText(stats)}
        </Text>
      </Group>
      {stats.labels.length === 0 ? (
        <Center h={200} c="dimmed">
          <Stack gap={4} align="center">
            <IconTags size={28} stroke={1.5} />
            <Text size="sm">No user carries a label.</Text>
          </Stack>
        </Center>
      ) : (
        <ScrollArea.Autosize mah={320} mt="sm" offsetScrollbars type="hover">
          <BarsList
            data={stats.labels.map((l) => ({ name: l.label, value: l.users }))}
            barsLabel="Label"
            valueLabel="Users"
            valueFormatter={formatCount}
            barColor={dark ? 'indigo.9' : 'indigo'}
            variant={dark ? 'filled' : 'light'}
            barHeight={26}
            minBarSize={140}
          />
        </ScrollArea.Autosize>
      )}
    </Paper>
  )
}
