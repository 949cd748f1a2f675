import { useEffect, useState } from 'react'
import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  ScrollArea,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch, IconUsers } from '@tabler/icons-react'
import type { UserRecord } from '@shared/models'
import { useActiveProject } from '../projects/projects-store'
import { useUsers } from './users-store'
import { ErrorAlert } from '../../components/error-alert'

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

function UserRow({ user }: { user: UserRecord }) {
  return (
    <Table.Tr>
      <Table.Td>{user.name || <Text c="dimmed">No name</Text>}</Table.Td>
      <Table.Td>{user.email || <Text c="dimmed">—</Text>}</Table.Td>
      <Table.Td>
        <Badge variant="light" color={user.status ? 'green' : 'red'}>
          {user.status ? 'Active' : 'Blocked'}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {user.labels.map((l) => (
            <Badge key={l} variant="outline" size="sm">
              {l}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>{user.registration ? dateFormat.format(new Date(user.registration)) : '—'}</Table.Td>
    </Table.Tr>
  )
}

export function UsersScreen() {
  const project = useActiveProject()
  const { users, total, totalCapped, loading, error, nextCursor, open, loadMore } = useUsers()
  const [search, setSearch] = useState('')
  const [debounced] = useDebouncedValue(search, 250)

  useEffect(() => {
    if (project) void open(project.id, debounced.trim())
  }, [project, debounced, open])

  if (!project) return null

  return (
    <Stack gap="md" h="100%">
      <Group justify="space-between">
        <Title order={3}>Users</Title>
        <Text c="dimmed" size="sm" aria-live="polite">
          {loading && users.length === 0
            ? 'Loading…'
            : `${total.toLocaleString()}${totalCapped ? '+' : ''} users`}
        </Text>
      </Group>
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder="Search by name, email, phone or id"
        aria-label="Search users"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      {error && (
        <ErrorAlert
          error={error}
          title="Could not load users"
          onRetry={() => void open(project.id, debounced)}
        />
      )}
      {!error && !loading && users.length === 0 && (
        <Center py="xl">
          <Stack align="center" gap="xs">
            <IconUsers size={40} opacity={0.4} />
            <Text fw={500}>
              {debounced ? 'No user matches this search' : 'This project has no users yet'}
            </Text>
          </Stack>
        </Center>
      )}
      {users.length > 0 && (
        <ScrollArea style={{ flex: 1 }}>
          <Table striped highlightOnHover stickyHeader aria-label="Users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Labels</Table.Th>
                <Table.Th>Registered</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((u) => (
                <UserRow key={u.id} user={u} />
              ))}
            </Table.Tbody>
          </Table>
          {nextCursor && (
            <Center py="md">
              <Button variant="light" onClick={() => void loadMore()} loading={loading}>
                Load more
              </Button>
            </Center>
          )}
        </ScrollArea>
      )}
      {loading && users.length === 0 && !error && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
    </Stack>
  )
}
