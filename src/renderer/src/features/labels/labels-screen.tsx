import { useRef, useState } from 'react'
import { ActionIcon, Button, Card, Center, Group, Loader, Menu, Stack, Table, Text } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { IconDots, IconFilterOff, IconRefresh, IconTags } from '@tabler/icons-react'
import { recentTime } from '@shared/clock'
import { ErrorAlert } from '../../components/error-alert'
import { SearchBox } from '../../components/search-box'
import { ProjectBadge } from '../projects/project-badge'
import { useActiveProject } from '../projects/projects-store'
import { BulkActionForm, type BulkAction } from '../jobs/bulk-action-form'
import { useLabelOverview } from './labels-store'
import { BusyButton } from '../../components/busy-button'
import { useShortcuts } from '../../shortcut-keys'
import { formatCount } from '../../format-count'
import { useUsersRead } from '../../use-users-read'

/** The project's labels with their user counts, and bulk actions on the users carrying one. */
export function LabelsScreen() {
  const project = useActiveProject()
  const overview = useLabelOverview(project?.id ?? null)
  const read = useUsersRead('labels.progress', project?.id ?? '', overview.loading)
  const [filter, setFilter] = useState('')
  const [preset, setPreset] = useState<{ key: number; action: BulkAction; label: string } | null>(null)
  const filterRef = useRef<HTMLInputElement>(null)
  const tableRef = useRef<HTMLTableElement>(null)
  useShortcuts([['/', () => filterRef.current?.focus()]])
  if (!project) return null
  const known = overview.data?.labels.map((l) => l.label) ?? []
  const rows = overview.data?.labels.filter((l) => l.label.toLowerCase().includes(filter.toLowerCase())) ?? []
  const on = (action: BulkAction, label: string) =>
    setPreset((p) => ({ key: (p?.key ?? 0) + 1, action, label }))

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="sm">
          <ScreenTitle>Labels</ScreenTitle>
          <ProjectBadge project={project} />
        </Group>
        <BusyButton
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} />}
          busy={overview.loading}
          onClick={() => overview.reload(true)}
        >
          Count again
        </BusyButton>
      </Group>
      <Card withBorder>
        <Stack gap="xs">
          <Text fw={600}>Bulk edit</Text>
          <BulkActionForm
            key={preset?.key ?? 0}
            project={project.id}
            knownLabels={known}
            labelsCounting={!overview.data && overview.loading}
            initial={
              preset
                ? {
                    action: preset.action,
                    scope: 'label',
                    scopeValue: preset.label,
                    labels: preset.action.startsWith('labels.') ? [preset.label] : [],
                  }
                : undefined
            }
          />
        </Stack>
      </Card>
      {overview.error && (
        <ErrorAlert
          error={overview.error}
          title="Could not count labels"
          onRetry={() => void overview.reload(true)}
        />
      )}
      {!overview.data && !overview.error ? (
        <Center py="xl">
          <Group gap="sm">
            <Loader size="sm" />
            <Text>Counting labels over every user…</Text>
            {/* Beside the sentence: the count changes ten times a second. */}
            {read > 0 && (
              <Text size="sm" c="dimmed" data-testid="labels-progress">
                {formatCount(read)} users read so far
              </Text>
            )}
          </Group>
        </Center>
      ) : overview.data && overview.data.labels.length === 0 ? (
        <Text c="dimmed">No user in this project has a label yet. Add some above, or on a user.</Text>
      ) : overview.data ? (
        <Stack gap="xs">
          <Group justify="space-between">
            <SearchBox
              ref={filterRef}
              label="Filter labels"
              clearLabel="Clear filter"
              shortcut="/"
              placeholder="Filter labels"
              value={filter}
              onChange={setFilter}
              // Onto the table, where G then a letter and ? work again and Tab goes on to its rows' menus.
              onLeave={() => tableRef.current?.focus()}
            />
            <Text size="xs" c="dimmed">
              {overview.data.labels.length === 1
                ? '1 label'
                : `${formatCount(overview.data.labels.length)} labels`}{' '}
              over {formatCount(overview.data.scannedUsers)} users · counted{' '}
              {recentTime(overview.data.scannedAt)}
            </Text>
          </Group>
          {rows.length === 0 ? (
            // A status, so a screen reader says so as the filter is typed.
            <Center py="xl" role="status">
              <Stack align="center" gap="xs">
                <IconTags size={40} opacity={0.4} />
                <Text fw={500}>No label matches “{filter}”</Text>
                <Text size="sm" c="dimmed">
                  The filter matches any part of a label, capitals or not.
                </Text>
                <Button
                  size="xs"
                  variant="default"
                  leftSection={<IconFilterOff size={14} />}
                  onClick={() => {
                    setFilter('')
                    filterRef.current?.focus()
                  }}
                >
                  Clear filter
                </Button>
              </Stack>
            </Center>
          ) : (
            <Table ref={tableRef} tabIndex={-1} striped highlightOnHover aria-label="Labels">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Label</Table.Th>
                  <Table.Th>Users</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((l) => (
                  <Table.Tr key={l.label}>
                    <Table.Td>{l.label}</Table.Td>
                    <Table.Td>{formatCount(l.users)}</Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon variant="subtle" aria-label={`Actions for ${l.label}`}>
                            <IconDots size={16} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Label>Users with “{l.label}”</Menu.Label>
                          <Menu.Item onClick={() => on('labels.rename', l.label)}>
                            Rename this label…
                          </Menu.Item>
                          <Menu.Item onClick={() => on('labels.remove', l.label)}>
                            Remove it from them…
                          </Menu.Item>
                          <Menu.Item onClick={() => on('sessions.kill', l.label)}>
                            End their sessions…
                          </Menu.Item>
                          <Menu.Item color="red" onClick={() => on('sessions.lockOut', l.label)}>
                            Lock them out…
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
      ) : null}
    </Stack>
  )
}
