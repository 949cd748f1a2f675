import { Alert, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core'
import type { RowPreview } from '@shared/models/jobs'
import { api } from '../../api'
import { useImport } from './import-store'
import { saveReport } from '../jobs/save-report'
import { etaText } from '@shared/clock'
import { JobFinished } from '../jobs/job-finished'
import { JobProgressBar } from '../jobs/job-progress-bar'
import { ReportTable } from '../jobs/report-table'
import { askToCancel } from '../jobs/ask-to-cancel'
import { cancelledNote } from '../jobs/cancel-question'
import { BusyButton } from '../../components/busy-button'
import { formatCount, formatRate } from '../../format-count'

const actionColour: Record<RowPreview['action'], string> = { change: 'teal', skip: 'gray', fail: 'red' }
const actionLabel: Record<RowPreview['action'], string> = {
  change: 'will write',
  skip: 'skip',
  fail: 'cannot',
}

export function DryRunStep() {
  const s = useImport()
  const preview = s.preview!
  const c = preview.counts
  return (
    <Stack gap="md">
      <Alert variant="light" color="blue" title="Dry run: nothing has been written">
        {formatCount(c.change)} users will be created or updated, {formatCount(c.skip)} skipped,{' '}
        {formatCount(c.fail)} cannot be imported.
      </Alert>
      <Card withBorder padding={0}>
        <Table.ScrollContainer minWidth={700} mah={420}>
          <Table striped stickyHeader aria-label="Dry run, row by row">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Row</Table.Th>
                <Table.Th>What happens</Table.Th>
                <Table.Th>Why</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.rows.map((r) => (
                <Table.Tr key={r.key}>
                  <Table.Td data-private>{r.label}</Table.Td>
                  <Table.Td>
                    <Badge color={actionColour[r.action]} variant="light">
                      {actionLabel[r.action]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{r.reason}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {preview.truncated && (
          <Text size="xs" c="dimmed" p="xs">
            The first {preview.rows.length} of {formatCount(c.total)} rows.
          </Text>
        )}
      </Card>
      <Group>
        <Button variant="default" onClick={() => s.go('validation')}>
          Back
        </Button>
        <BusyButton onClick={() => void s.start()} disabled={c.change === 0} busy={s.busy === 'Starting'}>
          Import {formatCount(c.change)} users
        </BusyButton>
      </Group>
    </Stack>
  )
}

export function ProgressStep() {
  const s = useImport()
  const job = s.job!
  const { done, skipped, failed, total } = job.counts
  const finished = done + skipped + failed
  const percent = total ? (finished / total) * 100 : 0
  return (
    <Stack gap="md">
      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Text fw={600}>
            {formatCount(finished)} of {formatCount(total) ?? '…'} rows
          </Text>
          <Badge variant="light">{job.state}</Badge>
        </Group>
        <JobProgressBar counts={job.counts} size="xl" label="Import progress" />
        <Group gap="xl" mt="sm">
          <Text size="sm">{formatCount(done)} imported</Text>
          <Text size="sm">{formatCount(skipped)} skipped</Text>
          <Text size="sm" c={failed ? 'red' : undefined}>
            {formatCount(failed)} failed
          </Text>
          <Text size="sm" c="dimmed" data-testid="import-pace">
            {/* A pace only while rows go: paused, "0/s" said nothing. */}
            {job.state === 'running' &&
              `${formatRate(job.rate)}${job.etaSeconds !== null ? `, about ${etaText(job.etaSeconds)} left` : ''} · `}
            {Math.round(percent)}%
          </Text>
        </Group>
        {job.lastError && (
          <Text size="sm" c="red" mt="xs">
            Last error: {job.lastError}
          </Text>
        )}
      </Card>
      <Group>
        {job.state === 'paused' ? (
          <Button onClick={() => void s.resume()}>Resume</Button>
        ) : (
          <Button variant="default" onClick={() => void s.pause()} disabled={job.state !== 'running'}>
            Pause
          </Button>
        )}
        <Button color="red" variant="light" onClick={() => askToCancel(job, () => void s.cancel())}>
          Cancel
        </Button>
      </Group>
    </Stack>
  )
}

export function ReportStep() {
  const s = useImport()
  const job = s.job!
  const report = s.report ?? []
  const notDone = report.filter((r) => r.outcome !== 'done')
  const saveAs = (format: 'csv' | 'json') => async () => {
    const result = await api().jobs.report({ jobId: job.id, format })
    if (result.ok) saveReport(result.value)
  }
  return (
    <Stack gap="md">
      <Alert
        color={job.counts.failed > 0 || job.state !== 'completed' ? 'orange' : 'green'}
        variant="light"
        title={job.state === 'completed' ? 'Import finished' : `Import ${job.state}`}
        role="status"
      >
        <Text size="sm">
          {formatCount(job.counts.done)} imported, {formatCount(job.counts.skipped)} skipped,{' '}
          {formatCount(job.counts.failed)} failed, of {formatCount(job.counts.total) ?? '?'} rows.
        </Text>
        <JobFinished job={job} size="sm" />
      </Alert>
      {job.state === 'cancelled' && (
        <Text size="sm" c="dimmed">
          {cancelledNote(job)}
        </Text>
      )}
      {notDone.length > 0 && (
        <Card withBorder padding={0}>
          <Text fw={600} p="sm">
            Rows not imported
          </Text>
          <ReportTable rows={notDone} what="Row" label="Rows not imported" />
        </Card>
      )}
      <Group>
        <Button variant="light" onClick={() => void saveAs('csv')()} disabled={job.finishedAt === null}>
          Save report as CSV
        </Button>
        <Button variant="light" onClick={() => void saveAs('json')()} disabled={job.finishedAt === null}>
          Save report as JSON
        </Button>
        <Button variant="default" onClick={() => s.reset(s.project)}>
          Import another file
        </Button>
      </Group>
    </Stack>
  )
}
