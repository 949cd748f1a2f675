import { useState } from 'react'
import {
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconArrowBackUp, IconRefresh } from '@tabler/icons-react'
import type { AppError } from '@shared/errors'
import type { ActivityEntry } from '@shared/models/activity'
import { call, declined, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { useLoad } from '../../use-load'
import { ProjectBadge } from '../projects/project-badge'
import { useProjects } from '../projects/projects-store'
import { ChangeCell } from '../jobs/change-cell'
import { useJobs } from '../jobs/jobs-store'

const PAGE = 100

interface Filters {
  project: string | null
  userId: string
  action: string
  jobId: string
}

/** The audit log: every write Userdeck made, newest first, filterable, with undo where Appwrite allows. */
export function ActivityScreen() {
  const projects = useProjects((s) => s.projects)
  const [filters, setFilters] = useState<Filters>({ project: null, userId: '', action: '', jobId: '' })
  const [error, setError] = useState<AppError | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const jobsVersion = useJobs((s) =>
    Object.values(s.jobs)
      .map((j) => `${j.id}:${j.state}`)
      .join(),
  )

  const query = (before?: string) =>
    call((a) =>
      a.activity.list({
        limit: PAGE,
        ...(filters.project ? { project: filters.project } : {}),
        ...(filters.userId.trim() ? { userId: filters.userId.trim() } : {}),
        ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
        ...(filters.jobId.trim() ? { jobId: filters.jobId.trim() } : {}),
        ...(before ? { before } : {}),
      }),
    )
  // The first page follows the filters and finished jobs; older pages are appended on demand.
  const log = useLoad(() => query(), JSON.stringify(filters), jobsVersion)
  const reload = () => {
    setError(null)
    log.reload()
  }
  const older = async (before: string) => {
    try {
      const page = await query(before)
      log.update((loaded) => ({ entries: [...loaded.entries, ...page.entries], nextBefore: page.nextBefore }))
    } catch (err) {
      setError(errorOf(err))
    }
  }
  const entries = log.data?.entries ?? null
  const nextBefore = log.data?.nextBefore ?? null
  const shownError = error ?? log.error

  const undo = async (entry: ActivityEntry, force = false) => {
    setBusy(entry.id)
    setError(null)
    try {
      const fields = Object.keys(entry.before ?? {}).join(', ')
      await call(
        (a) => a.activity.undo({ entryId: entry.id, force }),
        `Undo “${entry.action}” on user ${entry.userId ?? ''}: set ${fields} back to what ${fields.includes(',') ? 'they were' : 'it was'}.`,
      )
      reload()
    } catch (err) {
      if (!declined(err)) setError(errorOf(err))
    } finally {
      setBusy(null)
    }
  }
  const undoJob = async (jobId: string) => {
    setBusy(jobId)
    setError(null)
    try {
      const job = await call(
        (a) => a.activity.undoJob({ jobId }),
        `Undo every change of “${useJobs.getState().jobs[jobId]?.title ?? `job ${jobId}`}”, newest first.`,
      )
      useJobs.getState().upsert(job)
      useJobs.getState().show(job.id)
    } catch (err) {
      if (!declined(err)) setError(errorOf(err))
    } finally {
      setBusy(null)
    }
  }
  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }))

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={3}>Activity</Title>
        <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} onClick={reload}>
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
          label="User id"
          value={filters.userId}
          onChange={(e) => set({ userId: e.currentTarget.value })}
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
      {shownError && <ErrorAlert error={shownError} title="That did not work" />}
      {entries === null ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : entries.length === 0 ? (
        <Text c="dimmed">
          Nothing recorded{Object.values(filters).some(Boolean) ? ' with these filters' : ' yet'}.
        </Text>
      ) : (
        <Table striped aria-label="Activity" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Project</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>User</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((e) => {
              const project = projects.find((p) => p.id === e.project)
              return (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Text size="xs">{new Date(e.time).toLocaleString()}</Text>
                  </Table.Td>
                  <Table.Td>{project ? <ProjectBadge project={project} /> : e.projectName}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge variant="light" tt="none">
                        {e.action}
                      </Badge>
                      {e.undone && (
                        <Badge color="gray" variant="outline" size="xs">
                          undone
                        </Badge>
                      )}
                    </Group>
                    {e.jobId && (
                      <Text
                        size="xs"
                        c="dimmed"
                        style={{ cursor: 'pointer' }}
                        onClick={() => set({ jobId: e.jobId! })}
                        title="Show only this job"
                      >
                        job {e.jobId}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" ff="monospace">
                      {e.userId ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <ChangeCell value={e.before ?? undefined} />
                  </Table.Td>
                  <Table.Td>
                    <ChangeCell value={e.after ?? undefined} compare={e.before ?? undefined} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      {e.undoable ? (
                        <Button
                          size="xs"
                          variant="light"
                          leftSection={<IconArrowBackUp size={14} />}
                          loading={busy === e.id}
                          onClick={() => void undo(e)}
                          aria-label={`Undo ${e.action} on ${e.userId}`}
                        >
                          Undo
                        </Button>
                      ) : (
                        !e.undone &&
                        !e.undoOf && (
                          <Tooltip label="Appwrite cannot bring this back">
                            <Text size="xs" c="dimmed">
                              final
                            </Text>
                          </Tooltip>
                        )
                      )}
                      {e.jobId && e.undoable && (
                        <Button
                          size="xs"
                          variant="subtle"
                          color="orange"
                          loading={busy === e.jobId}
                          onClick={() => void undoJob(e.jobId!)}
                        >
                          Undo job
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
      {nextBefore && (
        <Button variant="default" onClick={() => void older(nextBefore)}>
          Older entries
        </Button>
      )}
    </Stack>
  )
}
