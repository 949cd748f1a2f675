import { useCallback, useEffect, useState } from 'react'
import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { useDidUpdate } from '@mantine/hooks'
import {
  IconDownload,
  IconPlayerPause,
  IconPlayerPlay,
  IconArrowBackUp,
  IconRepeat,
  IconX,
  IconPlugConnectedX,
  IconTrash,
} from '@tabler/icons-react'
import type { AppError } from '@shared/errors'
import { clockTime, etaText } from '@shared/clock'
import { pauseSentence } from '@shared/job-pause'
import { PENDING, type JobView, type ReportRow } from '@shared/models/jobs'
import { api, call, declined, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { useOpenedAfterMount } from '../../components/lazy-part'
import { useEscapeCloses } from '../../components/use-escape-closes'
import { useLoad } from '../../use-load'
import { ProjectBadge } from '../projects/project-badge'
import { useProjects } from '../projects/projects-store'
import { ChangeCell } from './change-cell'
import { JOB_DIALOG_ID, useJobs } from './jobs-store'
import { jobStateColour, notReached } from './job-figures'
import { JobFinished } from './job-finished'
import { JobProgressBar } from './job-progress-bar'
import { saveReport } from './save-report'
import { ReportTable } from './report-table'
import { askToCancel } from './ask-to-cancel'
import { cancelledNote } from './cancel-question'
import { LostNotice, RestoreNotice } from './delete-notes'
import { BusyButton } from '../../components/busy-button'
import { useShortcuts } from '../../shortcut-keys'
import { DialogActions } from '../../components/dialog-actions'
import { formatCount, formatRate } from '../../format-count'

const PREVIEW_ROWS = 200
/** Kinds whose writes Appwrite can set back (labels, the block of a lock-out). */
const undoableKinds = new Set(['labels', 'sessions.lockOut', 'users.change', 'users.delete'])

/**
 * One figure of a job, its label above it. The figure is never broken over two lines ('962 /' above
 * '159,994'), and its digits are all one width, so a count that ticks up does not jostle its row.
 */
function Stat({ label, value, colour }: { label: string; value: string | number; colour?: string }) {
  return (
    <Stack gap={0} style={{ flex: '1 0 auto' }}>
      <Text size="xs" c="dimmed" tt="uppercase">
        {label}
      </Text>
      <Text
        fw={700}
        size="lg"
        c={colour}
        style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        data-testid={`stat-${label.toLowerCase().replace(/\W+/g, '-')}`}
      >
        {typeof value === 'number' ? formatCount(value) : value}
      </Text>
    </Stack>
  )
}

/**
 * Removes the planned job, whose dry run will not be applied: kept, it stayed in the Jobs list for
 * good. Nothing was written, so nothing is asked. Its dialog closes as the job leaves the store.
 */
function DiscardButton({ busy, onClick }: { busy: boolean; onClick: () => void }) {
  return (
    <BusyButton
      variant="subtle"
      color="red"
      busy={busy}
      leftSection={<IconTrash size={16} />}
      onClick={onClick}
    >
      Discard plan
    </BusyButton>
  )
}

function PreviewStep({ job, onError }: { job: JobView; onError: (e: AppError | null) => void }) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  // The host says what the start asks: the project's name typed, or (on a project that confirms every
  // write) this dry run and its Run button as the one question.
  const production = job.startAsks === 'name'
  const confirms = job.startAsks === 'confirmation'
  const confirm = production ? typed : confirms ? job.projectName : undefined

  // How many users the dry run has got through, while it works: a large selection takes a while,
  // first to list (a labels, block or delete job finds every user it acts on), then to decide.
  const [decided, setDecided] = useState(0)
  const [listed, setListed] = useState(0)
  useEffect(
    () =>
      api().on('jobs.previewProgress', (p) => {
        if (p.jobId !== job.id) return
        setDecided(p.rows)
        setListed(p.listed)
      }),
    [job.id],
  )
  const loaded = useLoad(() => call((a) => a.jobs.preview({ jobId: job.id, limit: PREVIEW_ROWS })), job.id)
  const preview = loaded.data

  const [discarding, setDiscarding] = useState(false)
  const discard = async () => {
    setDiscarding(true)
    onError(null)
    try {
      await call((a) => a.jobs.discard({ jobId: job.id }))
      useJobs.getState().remove(job.id)
    } catch (err) {
      onError(errorOf(err))
      setDiscarding(false)
    }
  }
  const discardButton = <DiscardButton busy={discarding} onClick={() => void discard()} />

  const start = async () => {
    setBusy(true)
    onError(null)
    try {
      useJobs
        .getState()
        .upsert(
          await call((a) => a.jobs.start({ jobId: job.id, ...(confirm !== undefined ? { confirm } : {}) })),
        )
    } catch (err) {
      onError(errorOf(err))
    } finally {
      setBusy(false)
    }
  }
  const canRun =
    preview !== null && preview.counts.change > 0 && (!production || typed === job.projectName) && !busy
  // Works from the confirmation field too: typing the name and pressing mod+Enter runs it.
  useShortcuts([['mod+Enter', () => canRun && void start()]])

  // A dry run being discarded is stopped, and fails so: that is not news, the dialog is closing.
  if (loaded.error && !discarding)
    return (
      <Stack gap="sm">
        <ErrorAlert error={loaded.error} title="Could not preview the job" onRetry={loaded.reload} />
        <Group>{discardButton}</Group>
      </Stack>
    )
  if (!preview)
    return (
      <Group gap="sm" py="lg" align="flex-start">
        <Loader size="sm" />
        {/* Only the sentence is a live region: the count changes ten times a second, and a screen
            reader would read each one out. It is there to be read when asked for. */}
        <Stack gap={2}>
          <Text role="status">Reading the server to preview every user. Nothing is written yet.</Text>
          {decided > 0 ? (
            <Text size="sm" c="dimmed" data-testid="preview-progress">
              {/* Once listed, the users are counted: the person sees how far the reading has got. */}
              {listed > 0 ? `${formatCount(decided)} of ${formatCount(listed)}` : formatCount(decided)} users
              read so far
            </Text>
          ) : listed > 0 ? (
            <Text size="sm" c="dimmed" data-testid="preview-progress">
              {formatCount(listed)} users found so far
            </Text>
          ) : null}
        </Stack>
        {/* A long dry run need not be sat through to be given up: discarding stops it. */}
        <Group ml="auto">{discardButton}</Group>
      </Group>
    )
  const c = preview.counts
  return (
    <Stack gap="sm">
      <Text size="sm">Dry run: this is what the job would do. Nothing has been written.</Text>
      <SimpleGrid cols={4}>
        <Stat label="Users" value={c.total} />
        <Stat label="Will change" value={c.change} colour="blue" />
        <Stat label="Unchanged" value={c.skip} />
        <Stat label="Cannot" value={c.fail} colour={c.fail ? 'red' : undefined} />
      </SimpleGrid>
      {preview.lost && <LostNotice lost={preview.lost} />}
      <ScrollArea h={300} type="auto">
        <Table striped fz="xs" aria-label="Preview" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>User</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
              <Table.Th>Note</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.label}</Table.Td>
                <Table.Td>
                  <ChangeCell value={r.before} />
                </Table.Td>
                <Table.Td>
                  {r.action === 'change' ? (
                    <ChangeCell value={r.after} compare={r.before} />
                  ) : (
                    <Text c="dimmed">unchanged</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c={r.action === 'fail' ? 'red' : 'dimmed'}>
                    {r.reason ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {preview.truncated && (
          <Text size="xs" c="dimmed" mt="xs">
            Showing the first {preview.rows.length} of {c.total}; the report after the run lists every user.
          </Text>
        )}
      </ScrollArea>
      {production && (
        <TextInput
          label={`"${job.projectName}" is production: type its name to run this`}
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          aria-label="Project name to confirm"
        />
      )}
      {confirms && (
        <Text size="sm" fw={500}>
          “{job.projectName}” asks before every write: running this job is your confirmation.
        </Text>
      )}
      {/* Discarding stands apart from the two that keep the plan, away from Run. */}
      <DialogActions justify="space-between">
        {discardButton}
        <Group gap="sm">
          <Button variant="default" onClick={() => useJobs.getState().show(null)}>
            Close (keep it planned)
          </Button>
          <BusyButton
            onClick={() => void start()}
            busy={busy}
            disabled={!canRun}
            leftSection={<IconPlayerPlay size={16} />}
            title="Ctrl/⌘ + Enter"
          >
            Run on {formatCount(c.change)} user{c.change === 1 ? '' : 's'}
          </BusyButton>
        </Group>
      </DialogActions>
    </Stack>
  )
}

function ProgressStep({ job, onError }: { job: JobView; onError: (e: AppError | null) => void }) {
  const c = job.counts
  const finished = c.done + c.skipped + c.failed
  const act = async (what: 'pause' | 'resume' | 'cancel') => {
    onError(null)
    try {
      const next = await call((a) =>
        what === 'pause'
          ? a.jobs.pause({ jobId: job.id })
          : what === 'resume'
            ? a.jobs.resume({ jobId: job.id })
            : a.jobs.cancel({ jobId: job.id }),
      )
      useJobs.getState().upsert(next)
    } catch (err) {
      onError(errorOf(err))
    }
  }
  const pausedBy = job.state === 'paused' ? job.pause?.reason : undefined
  const pause = pauseSentence(job)
  // Another process runs it: only that process can pause or cancel it, so no button here offers to.
  const elsewhere = job.runningIn
  return (
    <Stack gap="sm">
      {elsewhere !== null && (
        <Alert color="blue" variant="light" data-testid="job-elsewhere">
          Another Userdeck process runs this job (pid {elsewhere}), such as the command line: pause or cancel
          it there. This window follows its progress from the job's files.
        </Alert>
      )}
      {pause && (
        <Alert
          color={pausedBy === 'unreachable' ? 'orange' : 'yellow'}
          variant="light"
          icon={pausedBy === 'unreachable' ? <IconPlugConnectedX size={18} /> : <IconPlayerPause size={18} />}
          data-testid="job-pause"
        >
          {pause}
          {pausedBy === 'unreachable' && job.pause?.nextCheckAt && (
            <Text size="xs" c="dimmed" mt={4}>
              Next check at {clockTime(job.pause.nextCheckAt, { seconds: true })}. No row has failed for the
              outage: the rows in flight are tried again when it goes on.
            </Text>
          )}
        </Alert>
      )}
      <JobProgressBar counts={c} size="xl" animated={job.state === 'running'} label="Job progress" />
      {/* Pace, retries and calls at once are the running process's: another's are not known here. */}
      {/* Each figure as wide as it needs, the row's room shared out beyond that: six equal columns
          broke 'Done 962 / 159,994' over two lines in the dialog's 780 px. Too narrow for all six,
          a whole figure goes to the next line. */}
      <Group gap="lg" align="flex-start" data-testid="progress-stats">
        <Stat label="Done" value={`${formatCount(finished)} / ${formatCount(c.total) ?? '?'}`} />
        {elsewhere === null && <Stat label="Rate" value={formatRate(job.rate)} />}
        {elsewhere === null && <Stat label="ETA" value={etaText(job.etaSeconds)} />}
        <Stat label="Errors" value={c.failed} colour={c.failed ? 'red' : undefined} />
        {elsewhere === null && <Stat label="Retried" value={job.retries} />}
        {elsewhere === null && <Stat label="Parallel" value={job.concurrency} />}
      </Group>
      {job.lastError && (
        <Text size="xs" c="red">
          Last error: {job.lastError}
        </Text>
      )}
      {elsewhere === null && (
        <Group justify="flex-end">
          {job.state === 'running' && (
            <Button
              variant="default"
              leftSection={<IconPlayerPause size={16} />}
              onClick={() => void act('pause')}
            >
              Pause
            </Button>
          )}
          {pausedBy === 'unreachable' && (
            <Button
              variant="default"
              leftSection={<IconPlayerPause size={16} />}
              onClick={() => void act('pause')}
              title="Stop checking the server; the job waits until you resume it"
            >
              Keep paused
            </Button>
          )}
          {(job.state === 'paused' || job.state === 'interrupted') && (
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => void act('resume')}>
              {pausedBy === 'unreachable' ? 'Resume now' : 'Resume'}
            </Button>
          )}
          <Button
            color="red"
            variant="light"
            leftSection={<IconX size={16} />}
            onClick={() => askToCancel(job, () => void act('cancel'))}
          >
            Cancel
          </Button>
        </Group>
      )}
    </Stack>
  )
}

function ReportStep({ job, onError }: { job: JobView; onError: (e: AppError | null) => void }) {
  const [undoing, setUndoing] = useState(false)
  const [retrying, setRetrying] = useState(false)
  // Read again whenever the job's state moves (a resumed job ends with more rows done), and once a
  // cancelled job's rows in flight have ended (its finishedAt): before, they read as not reached.
  const report = useLoad(
    () =>
      call((a) => a.jobs.report({ jobId: job.id, format: 'json' })).then(
        (r) => (JSON.parse(r.text) as { rows: ReportRow[] }).rows,
      ),
    job.id,
    `${job.state} ${job.finishedAt}`,
  )
  const rows = report.data
  const save = async (format: 'csv' | 'json') => {
    try {
      saveReport(await call((a) => a.jobs.report({ jobId: job.id, format })))
    } catch (err) {
      onError(errorOf(err))
    }
  }
  const undo = async () => {
    setUndoing(true)
    try {
      // Planned, to open at its preview: what the undo sets back is seen before it runs.
      const undoJob = await call((a) => a.activity.undoJob({ jobId: job.id, plan: true }))
      useJobs.getState().upsert(undoJob)
      useJobs.getState().show(undoJob.id)
    } catch (err) {
      if (!declined(err)) onError(errorOf(err))
    } finally {
      setUndoing(false)
    }
  }
  /** A new job over exactly the failed rows, opened at its preview. */
  const retryFailed = async () => {
    setRetrying(true)
    try {
      const retry = await call((a) => a.jobs.retryFailed({ jobId: job.id }))
      useJobs.getState().upsert(retry)
      useJobs.getState().show(retry.id)
    } catch (err) {
      onError(errorOf(err))
    } finally {
      setRetrying(false)
    }
  }
  const c = job.counts
  const notable = rows?.filter((r) => r.outcome !== 'done') ?? []
  // Uncounted (cancelled before it had counted its users): the report holds the ones it had listed.
  const atLeast = (pending: ReportRow[]) => (rows ? `${formatCount(pending.length)}+` : '—')
  return (
    <Stack gap="sm">
      <JobFinished job={job} size="sm" />
      <SimpleGrid cols={4}>
        <Stat label="Done" value={c.done} colour="teal" />
        <Stat label="Skipped" value={c.skipped} />
        <Stat label="Failed" value={c.failed} colour={c.failed ? 'red' : undefined} />
        {/* The rows not reached, named as the report below and the saved one name them. */}
        <Stat
          label={PENDING}
          value={notReached(c) ?? atLeast(notable.filter((r) => r.outcome === PENDING))}
        />
      </SimpleGrid>
      {job.kind === 'users.delete' && <RestoreNotice jobId={job.id} state={job.state} />}
      {report.error ? (
        <ErrorAlert error={report.error} title="Could not read the report" onRetry={report.reload} />
      ) : rows === null ? (
        <Loader size="sm" />
      ) : notable.length === 0 ? (
        <Text size="sm">Every user was done; nothing skipped or failed.</Text>
      ) : (
        <ReportTable rows={notable} what="User" label="Report" />
      )}
      <DialogActions justify="space-between">
        <Group gap="xs">
          <Button variant="default" leftSection={<IconDownload size={16} />} onClick={() => void save('csv')}>
            Save report (CSV)
          </Button>
          <Button
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => void save('json')}
          >
            JSON
          </Button>
        </Group>
        {(job.state === 'completed' || job.state === 'cancelled') && c.failed > 0 && (
          <BusyButton
            variant="light"
            leftSection={<IconRepeat size={16} />}
            busy={retrying}
            onClick={() => void retryFailed()}
            title="A new job of the same kind and options over exactly the failed rows, previewed first"
          >
            Retry failed rows ({c.failed})
          </BusyButton>
        )}
        {undoableKinds.has(job.kind) && c.done > 0 && (
          <BusyButton
            color="orange"
            variant="light"
            leftSection={<IconArrowBackUp size={16} />}
            busy={undoing}
            onClick={() => void undo()}
          >
            Undo this job
          </BusyButton>
        )}
        {job.state === 'interrupted' && (
          <Button
            onClick={() =>
              void call((a) => a.jobs.resume({ jobId: job.id })).then(
                (j) => useJobs.getState().upsert(j),
                (err: unknown) => onError(errorOf(err)),
              )
            }
          >
            Resume
          </Button>
        )}
      </DialogActions>
    </Stack>
  )
}

/**
 * Gives the focus back, as the dialog closes, to what opened it (the store's `opener`; Mantine's own
 * return is turned off for this), or to the screen's title where that is gone: the Jobs list's Preview
 * button of a discarded job, the "Review and resume" of a job resumed. Mantine's left it on nothing
 * there, where the keys had nowhere to go.
 */
function useFocusBack(opened: boolean): void {
  useDidUpdate(() => {
    if (opened) return
    const { opener } = useJobs.getState()
    const back = opener?.isConnected ? opener : document.querySelector<HTMLElement>('[data-screen-title]')
    useJobs.setState({ opener: null })
    back?.focus({ preventScroll: true })
  }, [opened])
}

/** The one dialog for every bulk job: preview (dry run) → run with progress → report → undo. */
export function JobDialog() {
  const open = useJobs((s) => s.open)
  const job = useJobs((s) => (s.open ? s.jobs[s.open] : undefined))
  const project = useProjects((s) => s.projects.find((p) => p.id === job?.project))
  // An error belongs to the job it happened on; opening another job starts clean.
  const [failure, setFailure] = useState<{ job: string | null; error: AppError } | null>(null)
  const error = failure && failure.job === open ? failure.error : null
  const setError = useCallback((e: AppError | null) => setFailure(e ? { job: open, error: e } : null), [open])
  const opened = useOpenedAfterMount(open !== null)
  useFocusBack(opened)
  const close = () => {
    // A planned job's dry run still being worked out stops with its dialog (a delete's reads over
    // 60,000 users ran on unseen for minutes); one already done is kept by the host.
    if (job?.state === 'planned') void call((a) => a.jobs.stopPreview({ jobId: job.id })).catch(() => {})
    useJobs.getState().show(null)
  }
  const escapeCloses = useEscapeCloses(opened, JOB_DIALOG_ID, close)
  return (
    <Modal
      {...escapeCloses}
      returnFocus={false}
      size="xl"
      title={
        job ? (
          <Group gap="sm">
            <Text fw={600}>{job.title}</Text>
            <Badge color={jobStateColour(job)} data-testid="job-state">
              {job.state}
            </Badge>
          </Group>
        ) : (
          'Job'
        )
      }
    >
      {!job ? (
        <Loader />
      ) : (
        <Stack gap="sm">
          {project && <ProjectBadge project={project} />}
          {error && <ErrorAlert error={error} title="The job could not go on" />}
          {job.state === 'planned' && <PreviewStep job={job} onError={setError} />}
          {(job.state === 'running' || job.state === 'paused') && (
            <ProgressStep job={job} onError={setError} />
          )}
          {(job.state === 'completed' || job.state === 'cancelled' || job.state === 'interrupted') && (
            <>
              {job.state !== 'completed' && (
                <Alert color={job.state === 'interrupted' ? 'orange' : 'gray'} variant="light">
                  {job.state === 'interrupted'
                    ? 'Userdeck stopped while this job ran. Resume picks up from the journal; rows whose outcome was unknown are checked on the server first.'
                    : cancelledNote(job)}
                </Alert>
              )}
              <ReportStep job={job} onError={setError} />
            </>
          )}
        </Stack>
      )}
    </Modal>
  )
}
