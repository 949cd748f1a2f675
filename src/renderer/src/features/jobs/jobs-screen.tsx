import { useEffect } from 'react'
import { Alert, Badge, Button, Card, Center, Group, Loader, Stack, Table, Text } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { etaText, recentTime } from '@shared/clock'
import { pauseSentence } from '@shared/job-pause'
import { ErrorAlert } from '../../components/error-alert'
import { ProjectBadge } from '../projects/project-badge'
import { useActiveProject, useProjects } from '../projects/projects-store'
import { BulkActionForm } from './bulk-action-form'
import { useJobs } from './jobs-store'
import { jobStateColour } from './job-figures'
import { JobFinished } from './job-finished'
import { JobProgressBar } from './job-progress-bar'
import { useLabelOverview } from '../labels/labels-store'
import { formatCount, formatRate } from '../../format-count'

/** A line of figures: kept whole, its digits one width, so a count ticking up does not jostle it. */
const figures = { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' } as const

export function JobsScreen() {
  const { jobs, loading, error, load } = useJobs()
  const projects = useProjects((s) => s.projects)
  const active = useActiveProject()
  const overview = useLabelOverview(active?.id ?? null)
  useEffect(() => {
    void load()
  }, [load])
  const list = Object.values(jobs).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  const interrupted = list.filter((j) => j.state === 'interrupted')

  return (
    <Stack gap="md">
      <ScreenTitle>Jobs</ScreenTitle>
      {interrupted.length > 0 && (
        <Alert color="orange" variant="light" title="Interrupted jobs">
          <Stack gap={4}>
            <Text size="sm">
              Userdeck stopped while {interrupted.length === 1 ? 'this job was' : 'these jobs were'} running.
              Resuming picks up from the journal; rows whose outcome was unknown are checked on the server
              first.
            </Text>
            {interrupted.map((j) => (
              <Group key={j.id} gap="xs">
                <Text size="sm" fw={500}>
                  {j.title}
                </Text>
                <Button size="compact-xs" onClick={() => useJobs.getState().show(j.id)}>
                  Review and resume
                </Button>
              </Group>
            ))}
          </Stack>
        </Alert>
      )}
      {active && (
        <Card withBorder>
          <Stack gap="xs">
            <Group gap="xs">
              <Text fw={600}>New bulk action on</Text>
              <ProjectBadge project={active} />
            </Group>
            <BulkActionForm
              project={active.id}
              knownLabels={overview.data?.labels.map((l) => l.label) ?? []}
              labelsCounting={!overview.data && overview.loading}
            />
          </Stack>
        </Card>
      )}
      {error && <ErrorAlert error={error} title="Could not list jobs" onRetry={() => void load()} />}
      {loading && list.length === 0 ? (
        <Center py="xl">
          <Loader />
        </Center>
      ) : list.length === 0 ? (
        <Text c="dimmed">No jobs yet. Plan one above, or from the Labels screen.</Text>
      ) : (
        <Table striped highlightOnHover aria-label="Jobs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Job</Table.Th>
              <Table.Th>Project</Table.Th>
              {/* Wide enough for the longest state's badge ("interrupted"), which otherwise gave way first. */}
              <Table.Th miw={120}>State</Table.Th>
              <Table.Th w={220}>Progress</Table.Th>
              <Table.Th>Errors</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.map((job) => {
              const c = job.counts
              const finished = c.done + c.skipped + c.failed
              const project = projects.find((p) => p.id === job.project)
              return (
                <Table.Tr key={job.id}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {job.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {job.id} · {recentTime(job.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{project ? <ProjectBadge project={project} /> : job.projectName}</Table.Td>
                  <Table.Td>
                    <Badge color={jobStateColour(job)}>{job.state}</Badge>
                    {job.pause?.reason === 'unreachable' && (
                      <Text size="xs" c="orange" maw={260} data-testid="job-pause-note">
                        {pauseSentence(job)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <JobProgressBar counts={c} size="sm" label={`Progress of ${job.title}`} />
                    {/* The count and the pace each on a line of their own, never broken: in one
                        line of text '· ETA' and '26h 17m' were parted, and at 1024 px so could be the count. */}
                    <Text size="xs" c="dimmed" style={figures} data-testid="job-progress-count">
                      {formatCount(finished)} / {formatCount(c.total) ?? '?'}
                    </Text>
                    {/* Another process's pace is not known here: its files say how far, not how fast. */}
                    {job.state === 'running' && job.runningIn === null && (
                      <Text size="xs" c="dimmed" style={figures} data-testid="job-progress-pace">
                        {formatRate(job.rate)} · ETA {etaText(job.etaSeconds)}
                      </Text>
                    )}
                    {job.runningIn !== null && (
                      <Text size="xs" c="dimmed" data-testid="job-elsewhere-note">
                        In another process (pid {job.runningIn})
                      </Text>
                    )}
                    <JobFinished job={job} size="xs" />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={c.failed ? 'red' : 'dimmed'}>
                      {formatCount(c.failed)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="light" onClick={() => useJobs.getState().show(job.id)}>
                      {job.state === 'planned' ? 'Preview' : 'Open'}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
