import { Fragment, useRef, useState } from 'react'
import { ActionIcon, Badge, Button, Center, Group, Loader, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconArrowBackUp, IconChevronDown, IconChevronRight } from '@tabler/icons-react'
import type { AppError } from '@shared/errors'
import type { ActivityEntry, ActivityJobSummary, ActivityPage, AuditFilter } from '@shared/models/activity'
import { exactTime } from '@shared/clock'
import { call, declined, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { useLoad } from '../../use-load'
import { ProjectBadge } from '../projects/project-badge'
import { useProjects } from '../projects/projects-store'
import { useJobs } from '../jobs/jobs-store'
import { ChangeDiff } from './change-diff'
import { describeEntry, describeJob, userOf } from '@shared/describe-entry'
import { BusyButton } from '../../components/busy-button'
import { undoBlockedWords, type UndoBlocked } from '@shared/undo-blocked'
import { formatCount } from '../../format-count'
import { retireWriteNotice } from '../users/write-feedback'
import { useOverflowsSideways } from '../../components/use-overflows-sideways'
import './activity-list.css'

const PAGE = 100

/** What the list shows: the audit log's filters; the list pages itself. */
export type ActivityFilter = Omit<AuditFilter, 'limit'>

function When({ iso }: { iso: string }) {
  return (
    <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
      {exactTime(iso)}
    </Text>
  )
}

function ProjectCell({ entry }: { entry: ActivityEntry }) {
  const project = useProjects((s) => s.projects.find((p) => p.id === entry.project))
  return project ? (
    <ProjectBadge project={project} truncate={false} />
  ) : (
    <Text size="sm">{entry.projectName}</Text>
  )
}

function UserCell({ entry }: { entry: ActivityEntry }) {
  const { label, id } = userOf(entry)
  if (!id) return <Text c="dimmed">—</Text>
  return (
    <Stack gap={0}>
      {label && (
        <Text size="sm" data-private>
          {label}
        </Text>
      )}
      <Text size="xs" c="dimmed" ff="monospace">
        {id}
      </Text>
    </Stack>
  )
}

/** Where Undo would be, for a change whose project is not here to set it back. */
function Blocked({ why, projectName }: { why: UndoBlocked; projectName: string }) {
  const words = undoBlockedWords[why]
  return (
    <Tooltip label={words.why(projectName)} multiline w={320}>
      <Text size="xs" c="dimmed" tabIndex={0} aria-label={words.why(projectName)}>
        {words.short}
      </Text>
    </Tooltip>
  )
}

interface Actions {
  busy: string | null
  /** With `force`, also where the user changed since (the person saw that and chose to). */
  undo(entry: ActivityEntry, force?: boolean): void
  undoJob(jobId: string): void
}

function EntryRow({
  e,
  actions,
  showProject,
  nested,
}: {
  e: ActivityEntry
  actions: Actions
  showProject: boolean
  nested?: boolean
}) {
  const what = describeEntry(e)
  return (
    <Table.Tr bg={nested ? 'var(--mantine-color-default-hover)' : undefined}>
      <Table.Td pl={nested ? 'xl' : undefined}>
        <When iso={e.time} />
      </Table.Td>
      {showProject && <Table.Td>{!nested && <ProjectCell entry={e} />}</Table.Td>}
      <Table.Td>
        <Group gap={6}>
          <Text size="sm" fw={500} title={e.action}>
            {what}
          </Text>
          {e.undone && (
            <Badge color="gray" variant="outline" size="xs">
              undone
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <UserCell entry={e} />
      </Table.Td>
      <Table.Td>
        <ChangeDiff before={e.before} after={e.after} />
      </Table.Td>
      <Table.Td className="ud-activity-undo">
        {e.undoable ? (
          <BusyButton
            size="xs"
            variant="light"
            leftSection={<IconArrowBackUp size={14} />}
            busy={actions.busy === e.id}
            onClick={() => actions.undo(e)}
            aria-label={`Undo “${what}” for ${e.userId}`}
          >
            Undo
          </BusyButton>
        ) : e.undoBlocked ? (
          <Blocked why={e.undoBlocked} projectName={e.projectName} />
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
      </Table.Td>
    </Table.Tr>
  )
}

/** A job's entries, loaded when its row is opened. */
function JobEntries({
  jobId,
  filter,
  actions,
  showProject,
}: {
  jobId: string
  filter: ActivityFilter
  actions: Actions
  showProject: boolean
}) {
  const jobsVersion = useJobs((s) => s.jobs[jobId]?.state)
  const log = useLoad(
    () => call((a) => a.activity.list({ ...filter, jobId, limit: 1000 })),
    `${JSON.stringify(filter)}:${jobId}`,
    jobsVersion,
  )
  const span = showProject ? 6 : 5
  if (!log.data)
    return (
      <Table.Tr>
        <Table.Td colSpan={span}>
          {log.error ? <ErrorAlert error={log.error} /> : <Loader size="xs" />}
        </Table.Td>
      </Table.Tr>
    )
  return (
    <>
      {log.data.entries.map((e) => (
        <EntryRow key={e.id} e={e} actions={actions} showProject={showProject} nested />
      ))}
      {log.data.nextBefore && (
        <Table.Tr>
          <Table.Td colSpan={span}>
            <Text size="xs" c="dimmed" pl="xl">
              The first 1,000 of this job's entries are shown; filter by the job to page through all of them.
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  )
}

function JobRow({
  sample,
  job,
  open,
  onToggle,
  actions,
  showProject,
}: {
  sample: ActivityEntry
  job: ActivityJobSummary
  open: boolean
  onToggle(): void
  actions: Actions
  showProject: boolean
}) {
  const what = describeJob(job)
  return (
    <Table.Tr>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            size="sm"
            onClick={onToggle}
            aria-expanded={open}
            aria-label={
              open ? `Hide the ${job.count} changes of this job` : `Show the ${job.count} changes of this job`
            }
          >
            {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          </ActionIcon>
          <When iso={job.to} />
        </Group>
      </Table.Td>
      {showProject && (
        <Table.Td>
          <ProjectCell entry={sample} />
        </Table.Td>
      )}
      <Table.Td>
        <Group gap={6}>
          <Text size="sm" fw={500}>
            {what}
          </Text>
          {job.undone > 0 && job.undoable === 0 && (
            <Badge color="gray" variant="outline" size="xs">
              undone
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed" ff="monospace">
          job {job.jobId}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{job.count === 1 ? '1 user' : `${formatCount(job.count)} users`}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {open ? '' : 'Open the row to see each change.'}
        </Text>
      </Table.Td>
      <Table.Td className="ud-activity-undo">
        {job.undoable > 0 ? (
          <BusyButton
            size="xs"
            variant="light"
            color="orange"
            leftSection={<IconArrowBackUp size={14} />}
            busy={actions.busy === job.jobId}
            onClick={() => actions.undoJob(job.jobId)}
          >
            Undo job
          </BusyButton>
        ) : (
          job.undoBlocked && <Blocked why={job.undoBlocked} projectName={sample.projectName} />
        )}
      </Table.Td>
    </Table.Tr>
  )
}

/**
 * The audit log as a table: newest first, each bulk job one row that opens to its changes, every
 * change in words with its diff, and undo where Appwrite allows. The Activity screen and a user's
 * History tab both show it.
 */
export function ActivityList({
  filter,
  showProject = true,
  refresh = 0,
  empty,
  onUndone,
}: {
  filter: ActivityFilter
  showProject?: boolean
  /** Changed by the caller to load the list again. */
  refresh?: number | string
  /** What an empty list says where the filter is not the person's (a user's History tab). */
  empty?: string
  /** After an entry is undone here: a user's History tells their drawer to show them as they now are. */
  onUndone?: () => void
}) {
  /** What failed last, said in its own words; an undo refused for a later change can be forced. */
  const [failure, setFailure] = useState<{ error: AppError; title: string; force?: () => void } | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [open, setOpen] = useState<Set<string>>(new Set())
  const [scroller, overflows] = useOverflowsSideways()
  const table = useRef<HTMLTableElement>(null)
  const jobsVersion = useJobs((s) =>
    Object.values(s.jobs)
      .map((j) => `${j.id}:${j.state}`)
      .join(),
  )
  // Filtered to one job, its entries are the list; otherwise each job is one row.
  const groupJobs = !filter.jobId
  const query = (before?: string) =>
    call((a) => a.activity.list({ ...filter, limit: PAGE, groupJobs, ...(before ? { before } : {}) }))
  const log = useLoad(() => query(), JSON.stringify(filter), `${jobsVersion}:${refresh}`)

  const older = async (before: string) => {
    try {
      const page = await query(before)
      log.update((loaded): ActivityPage => ({
        entries: [...loaded.entries, ...page.entries],
        nextBefore: page.nextBefore,
        jobs: { ...loaded.jobs, ...page.jobs },
      }))
    } catch (err) {
      setFailure({ error: errorOf(err), title: 'Could not load older entries' })
    }
  }
  const act = async (id: string, title: string, work: () => Promise<void>, force?: () => void) => {
    setBusy(id)
    setFailure(null)
    try {
      await work()
    } catch (err) {
      const error = errorOf(err)
      if (!declined(err)) setFailure({ error, title, ...(error.field === 'force' && force ? { force } : {}) })
    } finally {
      setBusy(null)
    }
  }
  const actions: Actions = {
    busy,
    undo: (entry, force = false) =>
      void act(
        entry.id,
        `Could not undo “${describeEntry(entry)}”`,
        async () => {
          await call((a) => a.activity.undo({ entryId: entry.id, force }), `Undo: ${describeEntry(entry)}.`)
          retireWriteNotice(entry.id)
          // The Undo pressed goes as the log is read again, and the focus would go with it: it stays
          // on the log, where Tab goes on to the next Undo. (A user's History, in the drawer's focus
          // trap, then gives it to its tab, which the trap's Tab knows.)
          if (table.current?.contains(document.activeElement)) table.current.focus({ preventScroll: true })
          log.reload()
          onUndone?.()
        },
        () => actions.undo(entry, true),
      ),
    undoJob: (jobId) =>
      void act(jobId, 'Could not undo the job', async () => {
        // Planned, to open at its preview: what the undo sets back is seen before it runs.
        const job = await call((a) => a.activity.undoJob({ jobId, plan: true }))
        useJobs.getState().upsert(job)
        useJobs.getState().show(job.id)
      }),
  }
  const toggle = (jobId: string) =>
    setOpen((s) => {
      const next = new Set(s)
      if (!next.delete(jobId)) next.add(jobId)
      return next
    })

  const shownError = failure?.error ?? log.error
  const entries = log.data?.entries ?? null
  const filtered = Object.values(filter).some(Boolean)
  return (
    <Stack gap="sm">
      {shownError && (
        <ErrorAlert error={shownError} title={failure?.title ?? 'Could not load the activity'}>
          {failure?.force && (
            <Button size="xs" color="red" variant="light" ml="sm" onClick={failure.force}>
              Undo anyway
            </Button>
          )}
        </ErrorAlert>
      )}
      {entries === null ? (
        !shownError && (
          <Center py="xl">
            <Loader />
          </Center>
        )
      ) : entries.length === 0 ? (
        <Text c="dimmed" maw={640}>
          {empty ??
            (filtered
              ? 'Nothing recorded with these filters.'
              : 'Nothing recorded yet. Every change Userdeck makes to a user, one at a time or in a bulk job, is listed here with its undo. Imports are not: each is in Jobs with its row-by-row report.')}
        </Text>
      ) : (
        // A narrow window scrolls the table sideways rather than squeeze the change into a sliver.
        <Table.ScrollContainer ref={scroller} minWidth={showProject ? 980 : 760} type="native">
          <Table
            ref={table}
            tabIndex={-1}
            striped
            aria-label="Activity"
            fz="sm"
            verticalSpacing={6}
            className="ud-activity"
            data-overflows={overflows || undefined}
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={170}>When</Table.Th>
                {showProject && <Table.Th>Project</Table.Th>}
                <Table.Th>What</Table.Th>
                <Table.Th>User</Table.Th>
                <Table.Th miw={240}>Change</Table.Th>
                <Table.Th className="ud-activity-undo" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => {
                const job = e.jobId ? log.data?.jobs?.[e.jobId] : undefined
                if (!job) return <EntryRow key={e.id} e={e} actions={actions} showProject={showProject} />
                const isOpen = open.has(job.jobId)
                return (
                  <Fragment key={e.id}>
                    <JobRow
                      sample={e}
                      job={job}
                      open={isOpen}
                      onToggle={() => toggle(job.jobId)}
                      actions={actions}
                      showProject={showProject}
                    />
                    {isOpen && (
                      <JobEntries
                        jobId={job.jobId}
                        filter={filter}
                        actions={actions}
                        showProject={showProject}
                      />
                    )}
                  </Fragment>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {log.data?.nextBefore && (
        <Button variant="default" onClick={() => void older(log.data!.nextBefore!)}>
          Older entries
        </Button>
      )}
    </Stack>
  )
}
