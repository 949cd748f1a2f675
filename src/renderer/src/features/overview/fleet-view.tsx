import { useEffect, useRef, type ReactNode } from 'react'
import {
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core'
import { IconAlertTriangle, IconPlugConnectedX, IconRefresh } from '@tabler/icons-react'
import type { ProjectView } from '@shared/models'
import { ProjectBadge } from '../projects/project-badge'
import { ReachBadge } from '../projects/reach-indicator'
import { serverText } from '../projects/server-text'
import { countedText, figures } from './figures'
import { formatCount } from '../../format-count'
import { useProjectStats } from './stats-store'
import { BusyActionIcon } from '../../components/busy-button'

/**
 * The key figures of every project side by side. Each project counts on its own: one that cannot be
 * reached says why, and the others go on counting.
 */
export function FleetView({
  projects,
  refreshes,
  onRefreshAll,
  onOpen,
}: {
  projects: ProjectView[]
  /** Bumped by "Refresh all": each card then counts again. */
  refreshes: number
  onRefreshAll(): void
  onOpen(project: ProjectView): void
}) {
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {projects.length === 1 ? 'One project.' : `${projects.length} projects, each counted on its own.`}
        </Text>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={onRefreshAll}>
          Refresh all
        </Button>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md" role="list" aria-label="Projects">
        {projects.map((p) => (
          <FleetCard key={p.id} project={p} refreshes={refreshes} onOpen={() => onOpen(p)} />
        ))}
      </SimpleGrid>
    </Stack>
  )
}

/** A project the last check could not reach: counting it would only wait on its retries. */
const cannotCount = (p: ProjectView) => p.reach.state === 'unreachable' || p.reach.state === 'error'

function FleetCard({
  project: p,
  refreshes,
  onOpen,
}: {
  project: ProjectView
  refreshes: number
  onOpen(): void
}) {
  const unreachable = cannotCount(p)
  const stats = useProjectStats(unreachable ? null : p.id)
  const { reload } = stats
  // Only a press of "Refresh all" after this card appeared counts again, not one made before.
  const seen = useRef(refreshes)
  useEffect(() => {
    if (refreshes === seen.current) return
    seen.current = refreshes
    reload(true)
  }, [refreshes, reload])
  const data = stats.data
  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      role="listitem"
      aria-label={p.name}
      style={{ borderLeft: `4px solid var(--mantine-color-${p.colour}-6, ${p.colour})` }}
    >
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Tooltip label={`Open ${p.name}'s Overview`} withArrow position="top-start">
            <UnstyledButton onClick={onOpen} aria-label={`Open ${p.name}'s Overview`} maw="100%">
              <ProjectBadge project={p} />
            </UnstyledButton>
          </Tooltip>
          <Text size="xs" c="dimmed" data-testid="fleet-server" truncate>
            {serverText(p)}
          </Text>
        </Stack>
        <Group gap={6} wrap="nowrap">
          <ReachBadge project={p} />
          {!unreachable && (
            <Tooltip label="Count again">
              <BusyActionIcon
                variant="subtle"
                size="sm"
                aria-label={`Count ${p.name} again`}
                busy={stats.loading}
                onClick={() => reload(true)}
              >
                <IconRefresh size={14} />
              </BusyActionIcon>
            </Tooltip>
          )}
        </Group>
      </Group>
      {unreachable ? (
        <Problem
          icon={<IconPlugConnectedX size={16} />}
          colour={p.reach.state === 'error' ? 'red' : 'orange'}
          text={p.reach.message ?? 'The last check could not reach this project.'}
        />
      ) : stats.error ? (
        <Problem icon={<IconAlertTriangle size={16} />} colour="red" text={stats.error.message} />
      ) : (
        <>
          <SimpleGrid cols={3} spacing="xs" verticalSpacing="sm" mt="md">
            {figures.map((f) => (
              <div key={f.key} aria-label={f.label} role="group">
                <Text size="xs" c="dimmed" truncate>
                  {f.label}
                </Text>
                {data ? (
                  <Text fw={700} fz="lg" style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {formatCount(data[f.key])}
                  </Text>
                ) : (
                  <Skeleton h={20} w="70%" mt={4} />
                )}
              </div>
            ))}
          </SimpleGrid>
          <Text size="xs" c="dimmed" mt="sm">
            {data ? countedText(data) : 'Counting…'}
          </Text>
        </>
      )}
    </Paper>
  )
}

function Problem({ icon, colour, text }: { icon: ReactNode; colour: string; text: string }) {
  return (
    <Group gap={6} mt="md" wrap="nowrap" align="flex-start" c={colour}>
      {icon}
      <Text size="sm" c={colour} role="status">
        {text}
      </Text>
    </Group>
  )
}
