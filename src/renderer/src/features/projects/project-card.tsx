import { ActionIcon, Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core'
import {
  IconArrowDown,
  IconArrowUp,
  IconCheck,
  IconLock,
  IconLockOpen,
  IconPencil,
  IconRefresh,
  IconTrash,
  IconX,
} from '@tabler/icons-react'
import type { ProjectView } from '@shared/models'
import { recentTime } from '@shared/clock'
import { ProjectBadge } from './project-badge'
import { ReachBadge } from './reach-indicator'
import { keyLimits } from './key-limits'
import { safeModeText } from './safe-mode'
import { serverText } from './server-text'
import { sdkMismatch } from '@shared/appwrite-versions'
import { sendsKeyInClear } from '@shared/endpoints'
import { BusyActionIcon } from '../../components/busy-button'

function Scope({ name, granted }: { name: string; granted: boolean | null }) {
  const label =
    granted === null ? `${name}: not known until checked` : granted ? `${name}: granted` : `${name}: missing`
  return (
    <Tooltip label={label}>
      <Badge
        variant="outline"
        tt="none"
        color={granted === null ? 'gray' : granted ? 'green' : 'red'}
        leftSection={granted === null ? '?' : granted ? <IconCheck size={11} /> : <IconX size={11} />}
        aria-label={label}
      >
        {name}
      </Badge>
    </Tooltip>
  )
}

function keyText(p: ProjectView): string {
  if (p.demo) return 'Built-in key'
  if (!p.key.present) return p.key.inMemoryOnly ? 'No key (memory keys end with each run)' : 'No key'
  // A key too short to show four characters of (see lastFourOf) is said to be there, no more.
  const key = p.key.lastFour ? `Key …${p.key.lastFour}` : 'Key stored'
  return `${key}${p.key.inMemoryOnly ? ' · in memory for this run' : ' · in keychain'}`
}

function checkedText(p: ProjectView): string {
  // The reach badge already says how the checks went; a project that never answered has no date to show.
  if (!p.lastCheckedAt) return p.demo || p.reach.state !== 'unknown' ? '' : 'not checked yet'
  return `checked ${recentTime(p.lastCheckedAt)}`
}

export function ProjectCard({
  project: p,
  first,
  last,
  onEdit,
  onCheck,
  onRemove,
  onMove,
  checking,
}: {
  project: ProjectView
  first: boolean
  last: boolean
  onEdit(): void
  onCheck(): void
  onRemove(): void
  onMove(by: -1 | 1): void
  checking: boolean
}) {
  const limits = keyLimits(p)
  const tooOld = p.server ? sdkMismatch(p.server) : null
  const problem = p.reach.state === 'error' || p.reach.state === 'unreachable' ? p.reach.message : null
  return (
    <Paper
      withBorder
      p="sm"
      radius="md"
      role="listitem"
      aria-label={p.name}
      style={{ borderLeft: `4px solid var(--mantine-color-${p.colour}-6, ${p.colour})` }}
    >
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={6} style={{ minWidth: 0 }}>
          <Group gap="xs">
            <ProjectBadge project={p} />
            {p.safeMode !== 'off' && (
              <Badge
                size="xs"
                variant="outline"
                color={p.safeMode === 'read-only' ? 'gray' : 'orange'}
                leftSection={<IconLock size={10} />}
              >
                {safeModeText[p.safeMode].badge}
              </Badge>
            )}
            <ReachBadge project={p} />
            {sendsKeyInClear(p.endpoint) && (
              <Tooltip label="This project's endpoint is plain http:// on another machine: anyone on the network between can read the key.">
                <Badge size="xs" color="orange" variant="filled" leftSection={<IconLockOpen size={10} />}>
                  Key travels unencrypted
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Text size="xs" c="dimmed" ff="monospace" truncate>
              {p.endpoint} · {p.projectId}
            </Text>
            <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }} data-testid="project-server">
              {serverText(p)}
            </Text>
          </Group>
          <Group gap="xs">
            <Scope name="users.read" granted={p.scopes.read} />
            <Scope name="users.write" granted={p.scopes.write} />
            <Text size="xs" c={p.key.present ? undefined : 'red'}>
              {keyText(p)}
            </Text>
            <Text size="xs" c="dimmed">
              {checkedText(p)}
            </Text>
          </Group>
          {problem && (
            <Text size="sm" c={p.reach.state === 'error' ? 'red' : 'orange'}>
              {problem}
            </Text>
          )}
          {tooOld && (
            <Text size="sm" c="orange">
              {tooOld}
            </Text>
          )}
          {!problem && limits.why && p.key.present && (
            <Text size="sm" c="orange">
              {limits.why}
            </Text>
          )}
        </Stack>
        <Group gap={4} wrap="nowrap">
          {!p.demo && (
            <>
              <Tooltip label="Move up">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move ${p.name} up`}
                  disabled={first}
                  onClick={() => onMove(-1)}
                >
                  <IconArrowUp size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Move down">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move ${p.name} down`}
                  disabled={last}
                  onClick={() => onMove(1)}
                >
                  <IconArrowDown size={16} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
          <Tooltip label="Check the connection and the key's scopes">
            <BusyActionIcon variant="subtle" aria-label={`Check ${p.name}`} onClick={onCheck} busy={checking}>
              <IconRefresh size={16} />
            </BusyActionIcon>
          </Tooltip>
          {!p.demo && (
            <>
              <Tooltip label="Edit">
                <ActionIcon variant="subtle" aria-label={`Edit ${p.name}`} onClick={onEdit}>
                  <IconPencil size={16} />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Remove">
                <ActionIcon variant="subtle" color="red" aria-label={`Remove ${p.name}`} onClick={onRemove}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Tooltip>
            </>
          )}
        </Group>
      </Group>
    </Paper>
  )
}
