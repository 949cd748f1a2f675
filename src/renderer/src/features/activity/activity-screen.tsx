import { useState } from 'react'
import { Button, Group, Select, Stack, TextInput } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { IconRefresh } from '@tabler/icons-react'
import { useDebouncedValue } from '@mantine/hooks'
import { useProjects } from '../projects/projects-store'
import { userFilterOf } from '@shared/contract/activity'
import { ActivityList, type ActivityFilter } from './activity-list'

interface Filters {
  project: string | null
  /** A user id, or (with an @) an email. */
  user: string
  action: string
  jobId: string
}

/** The audit log: every write Userdeck made, newest first, filterable, with undo where Appwrite allows. */
export function ActivityScreen() {
  const projects = useProjects((s) => s.projects)
  const [filters, setFilters] = useState<Filters>({ project: null, user: '', action: '', jobId: '' })
  // Typed filters settle before they ask the host, so a half-typed id does not load a page per key.
  const [settled] = useDebouncedValue(filters, 250)
  const [refresh, setRefresh] = useState(0)
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }))
  const filter: ActivityFilter = {
    ...(settled.project ? { project: settled.project } : {}),
    ...userFilterOf(settled.user),
    ...(settled.action.trim() ? { action: settled.action.trim() } : {}),
    ...(settled.jobId.trim() ? { jobId: settled.jobId.trim() } : {}),
  }

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <ScreenTitle>Activity</ScreenTitle>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} />}
          onClick={() => setRefresh((n) => n + 1)}
        >
          Refresh
        </Button>
      </Group>
      <Group grow align="flex-end">
        <Select
          label="Project"
          placeholder="All projects"
          data={projects.map((p) => ({ value: p.id, label: p.name }))}
          value={filters.project}
          onChange={(v) => set({ project: v })}
          clearable
        />
        <TextInput
          label="User"
          placeholder="Email or user id"
          value={filters.user}
          onChange={(e) => set({ user: e.currentTarget.value })}
        />
        <TextInput
          label="Action"
          placeholder="labels.add, sessions.kill…"
          value={filters.action}
          onChange={(e) => set({ action: e.currentTarget.value })}
        />
        <TextInput
          label="Job"
          value={filters.jobId}
          onChange={(e) => set({ jobId: e.currentTarget.value })}
        />
      </Group>
      <ActivityList filter={filter} refresh={refresh} />
    </Stack>
  )
}
