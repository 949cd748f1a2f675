import { useEffect, useState } from 'react'
import {
  Alert,
  Button,
  Checkbox,
  Code,
  Group,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconDownload } from '@tabler/icons-react'
import { exportColumns, hashColumns, type ExportColumn } from '@shared/contract/users'
import type { UserExportDone, UserExportProgress } from '@shared/models/users'
import { api, call, errorOf } from '../../api'
import { currentQuery } from './users-store'
import { newRequestId } from '../../request-id'
import { BusyButton } from '../../components/busy-button'
import { DialogActions } from '../../components/dialog-actions'
import { formatCount } from '../../format-count'
import { CopyRefused, useCopy } from '../../components/use-copy'

const columnLabels: Record<ExportColumn, string> = {
  id: 'User id',
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  status: 'Status',
  emailVerification: 'Email verified',
  phoneVerification: 'Phone verified',
  mfa: 'MFA',
  labels: 'Labels',
  registration: 'Registered',
  passwordUpdate: 'Password changed',
  accessedAt: 'Last access',
  createdAt: 'Created',
  updatedAt: 'Updated',
  prefs: 'Preferences',
  passwordHash: 'Password hash',
  hashAlgorithm: 'Hash algorithm',
  hashOptions: 'Hash options',
}
const plainColumns = exportColumns.filter((c) => !hashColumns.includes(c))
const defaultColumns: ExportColumn[] = ['id', 'name', 'email', 'phone', 'status', 'labels', 'registration']

/**
 * Exports every user the list's search, filters and sort select (all pages), written by main under
 * the data folder; the window shows progress and where the file went.
 */
export function ExportUsers({ project, onClose }: { project: string; onClose: () => void }) {
  const [format, setFormat] = useState<'csv' | 'json'>('csv')
  const [columns, setColumns] = useState<string[]>(defaultColumns)
  const [withHashes, setWithHashes] = useState(false)
  const [progress, setProgress] = useState<UserExportProgress | null>(null)
  const [done, setDone] = useState<UserExportDone | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [exportId, setExportId] = useState<string | null>(null)

  useEffect(() => {
    if (!exportId) return
    return api().on('users.exportProgress', (p) => {
      if (p.exportId === exportId) setProgress(p)
    })
  }, [exportId])

  const run = async () => {
    const id = newRequestId()
    setExportId(id)
    setError(null)
    setProgress({ exportId: id, rows: 0, total: null, totalCapped: false, done: false })
    try {
      const chosen = [...(columns as ExportColumn[]), ...(withHashes ? hashColumns : [])]
      const result = await call((a) =>
        a.users.export({
          exportId: id,
          project,
          format,
          columns: chosen,
          includeHashes: withHashes,
          ...currentQuery(),
        }),
      )
      setDone(result)
    } catch (err) {
      setError(errorOf(err).message)
      setProgress(null)
    }
  }

  const running = progress !== null && !done && !error
  const share =
    progress?.total && progress.total > 0
      ? Math.min(100, (progress.rows / progress.total) * 100)
      : running
        ? 100
        : 0
  const query = currentQuery()
  const scope =
    query.search || query.filters
      ? 'Every user matching the current search and filters'
      : 'Every user in the project'

  if (done) return <ExportDone done={done} onClose={onClose} />

  return (
    <Stack gap="sm">
      <Text size="sm">{scope}, sorted as on screen — all pages, not just those loaded.</Text>
      <SegmentedControl
        value={format}
        onChange={(v) => setFormat(v as 'csv' | 'json')}
        data={[
          { value: 'csv', label: 'CSV' },
          { value: 'json', label: 'JSON' },
        ]}
        disabled={running}
      />
      <Checkbox.Group label="Columns" value={columns} onChange={setColumns}>
        <SimpleGrid cols={3} mt="xs" spacing="xs">
          {plainColumns.map((c) => (
            <Checkbox key={c} value={c} label={columnLabels[c]} disabled={running} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      <Switch
        label="Include password hashes"
        description="Only if you must move these users to another system. The file is then readable by you only."
        checked={withHashes}
        onChange={(e) => setWithHashes(e.currentTarget.checked)}
        color="orange"
        disabled={running}
      />
      {withHashes && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />}>
          Password hashes let an attacker try to guess passwords offline. Keep the file safe and delete it
          after use.
        </Alert>
      )}
      {progress && (
        <Stack gap={4}>
          <Progress value={share} animated={running} aria-label="Export progress" />
          <Text size="xs" c="dimmed">
            {formatCount(progress.rows)} users written
            {progress.total !== null
              ? ` of ${formatCount(progress.total)}${progress.totalCapped ? '+' : ''}`
              : ''}
          </Text>
        </Stack>
      )}
      {error && (
        <Alert color="red" variant="light">
          {error}
        </Alert>
      )}
      <DialogActions>
        <Button variant="default" onClick={onClose} disabled={running}>
          Cancel
        </Button>
        <BusyButton
          leftSection={<IconDownload size={16} />}
          disabled={columns.length === 0}
          busy={running}
          onClick={() => void run()}
        >
          Export {format.toUpperCase()}
        </BusyButton>
      </DialogActions>
    </Stack>
  )
}

/** Where the finished export went, with its path to copy. */
function ExportDone({ done, onClose }: { done: UserExportDone; onClose: () => void }) {
  const { copied, refused, copy, shown } = useCopy<HTMLElement>(done.path, { timeout: 1000 })
  return (
    <Stack gap="sm">
      <Alert color="green" variant="light" icon={<IconCheck size={16} />} title="Export finished">
        {formatCount(done.rows)} users, {(done.bytes / 1024).toFixed(1)} kB.
      </Alert>
      <Text size="sm">Saved to:</Text>
      <Group gap="xs" wrap="nowrap">
        <Code ref={shown} style={{ flex: 1, overflowWrap: 'anywhere' }} data-testid="export-path">
          {done.path}
        </Code>
        <Button size="xs" variant="light" onClick={copy}>
          {copied ? 'Copied' : 'Copy path'}
        </Button>
      </Group>
      {refused && <CopyRefused what="path" />}
      {done.containsHashes && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />}>
          This file holds password hashes. Only your account can read it; delete it once it has served its
          purpose.
        </Alert>
      )}
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Stack>
  )
}
