import { Grid, Group, Loader, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import type { ProjectView } from '@shared/models'
import { ErrorAlert } from '../../components/error-alert'
import { FigureCards } from './figure-cards'
import { LabelsCard } from './labels-card'
import { RegistrationsCard } from './registrations-card'
import { methodText } from './figures'
import { formatCount } from '../../format-count'
import { useProjectStats } from './stats-store'
import { BusyButton } from '../../components/busy-button'
import { useUsersRead } from '../../use-users-read'

/** The current project at a glance: key figures, registrations over time, labels in use. */
export function ProjectOverview({ project }: { project: ProjectView }) {
  const stats = useProjectStats(project.id)
  const read = useUsersRead('stats.progress', project.id, stats.loading)
  const data = stats.data
  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Group gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {data && stats.loading && (
              <Group gap={6} component="span">
                <Loader size={12} /> Counting again…
              </Group>
            )}
            {data && !stats.loading && methodText(data)}
            {!data && stats.loading && 'Counting the users of this project…'}
          </Text>
          {/* Outside the live region: the count changes ten times a second, and a screen reader would
              read each one out. */}
          {stats.loading && read > 0 && (
            <Text size="sm" c="dimmed" data-testid="counting-progress">
              {formatCount(read)} users read so far
            </Text>
          )}
        </Group>
        <BusyButton
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} />}
          busy={stats.loading}
          onClick={() => stats.reload(true)}
        >
          Refresh
        </BusyButton>
      </Group>
      {stats.error && (
        <ErrorAlert
          error={stats.error}
          title="Could not count this project's users"
          onRetry={() => stats.reload(true)}
        />
      )}
      {(data || !stats.error) && <FigureCards stats={data} />}
      {data ? (
        <Grid gap="md">
          <Grid.Col span={{ base: 12, lg: 8 }}>
            {/* Keyed by project: another project's chart opens on its own range. */}
            <RegistrationsCard key={data.project} stats={data} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 4 }}>
            <LabelsCard stats={data} />
          </Grid.Col>
        </Grid>
      ) : (
        !stats.error && (
          <Paper withBorder p="md" radius="md">
            <Skeleton h={16} w={140} />
            <Skeleton h={240} mt="md" />
          </Paper>
        )
      )}
    </Stack>
  )
}
