import { Paper, SimpleGrid, Skeleton, Text, Tooltip } from '@mantine/core'
import type { ProjectStats } from '@shared/models/stats'
import { exactTime } from '@shared/clock'
import { countedText, figures, share } from './figures'
import { formatCount } from '../../format-count'

/** The project's key figures, one card each, with its share of all users; Users says when they were counted. */
export function FigureCards({ stats }: { stats: ProjectStats | null }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, xl: 6 }} spacing="sm" role="list" aria-label="Key figures">
      {figures.map((f) => (
        <Paper key={f.key} withBorder p="md" radius="md" role="listitem" aria-label={f.label}>
          <Tooltip label={f.hint} withArrow position="top-start">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: 0.4 }} w="fit-content">
              {f.label}
            </Text>
          </Tooltip>
          {stats ? (
            <>
              <Text
                fz={28}
                fw={700}
                lh={1.25}
                mt={4}
                data-testid="figure-value"
                style={{ fontVariantNumeric: 'tabular-nums' }}
              >
                {formatCount(stats[f.key])}
              </Text>
              {/* One pass counted every figure: the time is said once, on Users. Beside each share it
                  cut the caption short where six cards share a row ("3.1% of users · counted…"). */}
              <Text size="xs" c="dimmed" truncate title={exactTime(stats.countedAt)}>
                {f.key === 'users' ? countedText(stats) : `${share(stats[f.key], stats.users)} of users`}
              </Text>
            </>
          ) : (
            <>
              <Skeleton h={28} w="60%" mt={6} />
              <Skeleton h={10} w="80%" mt={10} />
            </>
          )}
        </Paper>
      ))}
    </SimpleGrid>
  )
}
