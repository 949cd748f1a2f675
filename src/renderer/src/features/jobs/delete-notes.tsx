import { Alert, Text } from '@mantine/core'
import { IconLock, IconTrashX } from '@tabler/icons-react'
import { dayText } from '@shared/clock'
import { call } from '../../api'
import { useLoad } from '../../use-load'
import { formatCount } from '../../format-count'

const lostNames: Record<string, string> = {
  sessions: 'session',
  identities: 'identity',
  targets: 'target',
  memberships: 'team membership',
}

function plural(n: number, one: string): string {
  return `${formatCount(n)} ${n === 1 ? one : one === 'identity' ? 'identities' : `${one}s`}`
}

/** In a delete preview: what goes with the users and cannot be brought back, counted. */
export function LostNotice({ lost }: { lost: Record<string, number> }) {
  const parts = Object.entries(lost).map(([k, n]) => plural(n, lostNames[k] ?? k))
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconTrashX size={18} />}
      title="Cannot come back"
      data-testid="lost"
    >
      <Text size="sm">
        {parts.join(', ')} go with these users. Appwrite has no way to recreate them; undo brings back the
        users themselves, with their ids, passwords, labels, preferences and status.
      </Text>
    </Alert>
  )
}

/** In a delete job's report: the restore copies kept, sealed, and until when. */
export function RestoreNotice({ jobId, state }: { jobId: string; state: string }) {
  const info = useLoad(() => call((a) => a.users.restoreInfo({ jobId })), jobId, state).data
  if (!info) return null
  if (info.kept === 0)
    return (
      <Alert color="orange" variant="light" title="No restore copy">
        These users were deleted for good: no restore copy was kept.
      </Alert>
    )
  return (
    <Alert
      color="teal"
      variant="light"
      icon={<IconLock size={18} />}
      title="Restore copies kept"
      data-testid="restore-info"
    >
      <Text size="sm">
        {plural(info.kept, 'user')} can be brought back until {dayText(info.expiresAt!)}: each copy is
        encrypted (AES-256-GCM) with a key kept in the OS keychain, readable by you only, and removed after
        that. Undo this job to bring them back.
      </Text>
    </Alert>
  )
}
