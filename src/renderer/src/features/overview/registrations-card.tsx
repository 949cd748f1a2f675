import { useState } from 'react'
import { Box, Center, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import type { DatesRangeValue } from '@mantine/dates'
import { BarChart } from '@mantine/charts'
import { IconChartBar } from '@tabler/icons-react'
import type { ProjectStats } from '@shared/models/stats'
import { DayRangePicker } from '../users/day-range-picker'
import { countedText } from './figures'
import { formatCount } from '../../format-count'
import {
  bucketRegistrations,
  defaultPreset,
  formatDay,
  naturalGranularity,
  presetRange,
  registeredIn,
  utcToday,
  type DayRange,
  type Granularity,
  type RangePreset,
} from './registrations'

type Choice = RangePreset | 'custom'

const rangeChoices: { value: Choice; label: string }[] = [
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: '365d', label: '12 months' },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom' },
]

const granularityChoices: { value: Granularity; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
]

/** Registrations per day or week over a chosen range, as a bar chart. */
export function RegistrationsCard({ stats }: { stats: ProjectStats }) {
  const today = utcToday()
  const [choice, setChoice] = useState<Choice>(() => defaultPreset(stats.registrations, today))
  const [custom, setCustom] = useState<DatesRangeValue<string>>([null, null])
  // Null follows the range (per day up to a quarter); the person's pick sticks until the range changes.
  const [picked, setPicked] = useState<Granularity | null>(null)

  const range: DayRange =
    choice === 'custom' && custom[0] && custom[1]
      ? { from: custom[0], to: custom[1] }
      : presetRange(choice === 'custom' ? 'all' : choice, stats.registrations, today)
  const granularity = picked ?? naturalGranularity(range)
  const buckets = bucketRegistrations(stats.registrations, range, granularity)
  const registered = registeredIn(stats.registrations, range)
  const per = granularity === 'day' ? 'day' : 'week'
  const data = buckets.map((b) => ({
    when: granularity === 'day' ? formatDay(b.start) : `Week of ${formatDay(b.start)}`,
    tick: formatDay(b.start),
    Registrations: b.users,
  }))
  const described = `Registrations per ${per}, ${formatDay(range.from)} to ${formatDay(range.to)}: ${formatCount(registered)}`

  return (
    <Paper withBorder p="md" radius="md" aria-label="Registrations" role="region">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={2}>
          <Text fw={600}>Registrations</Text>
          <Text size="xs" c="dimmed">
            <Text span fw={700} c="var(--mantine-color-text)" data-testid="registered-in-range">
              {formatCount(registered)}
            </Text>{' '}
            from {formatDay(range.from)} to {formatDay(range.to)} (UTC days) · {countedText(stats)}
          </Text>
        </Stack>
        <Group gap="xs" wrap="wrap" justify="flex-end">
          <SegmentedControl
            size="xs"
            aria-label="Range"
            data={rangeChoices}
            value={choice}
            onChange={(v) => {
              setChoice(v as Choice)
              setPicked(null)
            }}
          />
          <SegmentedControl
            size="xs"
            aria-label="Bars per"
            data={granularityChoices}
            value={granularity}
            onChange={(v) => setPicked(v as Granularity)}
          />
        </Group>
      </Group>
      {choice === 'custom' && (
        <Box mt="sm">
          {/* Opens at once: picking "Custom" is asking for the calendar. */}
          <DayRangePicker
            w={220}
            label="From – to (UTC days)"
            placeholder="Pick the first and last day"
            disabled={false}
            openOnMount
            value={custom}
            onChange={(v) => {
              setCustom(v as DatesRangeValue<string>)
              setPicked(null)
            }}
          />
        </Box>
      )}
      {registered === 0 ? (
        <Center h={260} c="dimmed">
          <Stack gap={4} align="center">
            <IconChartBar size={28} stroke={1.5} />
            <Text size="sm">Nobody registered in this range.</Text>
            {stats.registrations.length > 0 && (
              <Text size="xs">
                The last registration was on {formatDay(stats.registrations.at(-1)!.day)}.
              </Text>
            )}
          </Stack>
        </Center>
      ) : (
        <Box mt="md" role="img" aria-label={described} data-testid="registrations-chart">
          <BarChart
            h={260}
            data={data}
            dataKey="tick"
            series={[{ name: 'Registrations', color: 'indigo.6' }]}
            tickLine="none"
            gridAxis="x"
            valueFormatter={formatCount}
            xAxisProps={{ minTickGap: 24, interval: 'preserveStartEnd' }}
            yAxisProps={{ allowDecimals: false, width: 48 }}
            tooltipAnimationDuration={150}
            tooltipProps={{
              labelFormatter: (_: unknown, payload: readonly { payload?: { when?: string } }[]) =>
                payload[0]?.payload?.when ?? '',
            }}
            maxBarWidth={28}
          />
        </Box>
      )}
    </Paper>
  )
}
