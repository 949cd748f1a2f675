import { useState } from 'react'
import { Group, Select, Stack, Text, TextInput } from '@mantine/core'
import { IconEye } from '@tabler/icons-react'
import { labelProblem, labelsProblem } from '@shared/appwrite-limits'
import type { AppError } from '@shared/errors'
import type { JobView, Selection } from '@shared/models/jobs'
import type { LabelOp } from '@shared/models/labels'
import type { BulkUserChange } from '@shared/models/bulk'
import type { UserFilters } from '@shared/contract/users'
import { UsersFilters } from '../users/users-filters'
import { call, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { BusyButton } from '../../components/busy-button'
import { LabelsInput } from '../../components/labels-input'
import { useJobs } from './jobs-store'
import { planDelete } from './plan-delete'
import { useKeychain } from '../projects/keychain-banner'

export type BulkAction =
  | `labels.${LabelOp}`
  | 'sessions.kill'
  | 'sessions.lockOut'
  | `users.change.${BulkUserChange}`
  | 'users.delete'
type Scope = 'all' | 'label' | 'search' | 'ids' | 'filters'

const actions: { value: BulkAction; label: string }[] = [
  { value: 'labels.add', label: 'Add labels' },
  { value: 'labels.remove', label: 'Remove labels' },
  { value: 'labels.set', label: 'Replace labels with' },
  { value: 'labels.rename', label: 'Rename a label' },
  { value: 'sessions.kill', label: 'End all sessions' },
  { value: 'sessions.lockOut', label: 'Lock out (block + end sessions)' },
  { value: 'users.change.block', label: 'Block' },
  { value: 'users.change.unblock', label: 'Unblock' },
  { value: 'users.change.verifyEmail', label: 'Mark email verified' },
  { value: 'users.change.unverifyEmail', label: 'Mark email unverified' },
  { value: 'users.change.verifyPhone', label: 'Mark phone verified' },
  { value: 'users.change.unverifyPhone', label: 'Mark phone unverified' },
  { value: 'users.delete', label: 'Delete users (restorable for 30 days)' },
]

/** Where no keychain can hold the restore copies' key, delete is offered as what it then is. */
const actionsWithoutKeychain = actions.map((a) =>
  a.value === 'users.delete' ? { ...a, label: 'Delete users (no restore copy: no keychain)' } : a,
)

const scopes: { value: Scope; label: string }[] = [
  { value: 'all', label: 'All users' },
  { value: 'label', label: 'Users with label' },
  { value: 'search', label: 'Users matching a search' },
  { value: 'ids', label: 'These user ids' },
  { value: 'filters', label: 'Users matching filters' },
]

const actionNotes: Partial<Record<BulkAction, string>> = {
  'sessions.kill': 'Signs the users out everywhere. Ended sessions cannot be brought back.',
  'sessions.lockOut':
    'Blocks the users, then signs them out everywhere. The block can be undone from Activity; the sessions cannot.',
  'users.delete':
    'Deletes the users. An encrypted copy of each is kept for 30 days so the job can be undone; their sessions, identities, targets and memberships cannot come back.',
}

const deleteWithoutKeychain =
  'Deletes the users for good. No OS keychain is reachable, so no restore copy can be kept and the job cannot be undone; you will be asked once more.'

function selectionOf(scope: Scope, value: string, filters: UserFilters): Selection | string {
  const v = value.trim()
  switch (scope) {
    case 'filters': {
      const set = Object.fromEntries(Object.entries(filters).filter(([, f]) => f !== undefined && f !== ''))
      return Object.keys(set).length ? { filters: set } : 'Choose at least one filter.'
    }
    case 'all':
      return { all: true }
    case 'label':
      // Nothing picked yet is what to do next, not a rule broken.
      return v ? (labelProblem(v) ?? { labels: [v] }) : 'Pick a label.'
    case 'search':
      return v ? { search: v } : 'Type what to search for.'
    case 'ids': {
      const ids = v.split(/[\s,]+/).filter(Boolean)
      return ids.length ? { ids } : 'Paste at least one user id.'
    }
  }
}

/**
 * Plans a bulk job from an action and a selection, then opens its preview: nothing is written until
 * the person presses Run there.
 */
export function BulkActionForm({
  project,
  knownLabels,
  labelsCounting = false,
  initial,
}: {
  project: string
  knownLabels: string[]
  /** The project's labels are still being counted: none is known yet, not none in use. */
  labelsCounting?: boolean
  initial?: { action?: BulkAction; scope?: Scope; scopeValue?: string; labels?: string[] }
}) {
  const [action, setAction] = useState<BulkAction>(initial?.action ?? 'labels.add')
  const [scope, setScope] = useState<Scope>(initial?.scope ?? 'all')
  const [scopeValue, setScopeValue] = useState(initial?.scopeValue ?? '')
  const [labels, setLabels] = useState<string[]>(initial?.labels ?? [])
  const [filters, setFilters] = useState<UserFilters>({})
  const [typing, setTyping] = useState('')
  const [to, setTo] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const keychain = useKeychain()
  const noKeychain = !keychain.checking && !keychain.available

  const isLabels = action.startsWith('labels.')
  const op = action.slice('labels.'.length) as LabelOp
  const typingProblem = typing ? labelProblem(typing) : null
  const badLabel = labelsProblem(labels)
  const toProblem = op === 'rename' && to ? labelProblem(to) : null
  const selection = selectionOf(scope, scopeValue, filters)
  const problem =
    typeof selection === 'string'
      ? selection
      : isLabels && op !== 'set' && labels.length === 0
        ? 'Name at least one label.'
        : isLabels && op === 'rename' && (labels.length !== 1 || !to)
          ? 'Rename takes one label and its new name.'
          : (badLabel ?? toProblem)

  // Before anything is typed, what is missing is a hint, not an error.
  const touched = labels.length > 0 || typing !== '' || scopeValue !== '' || to !== ''

  const plan = async () => {
    if (busy || typeof selection === 'string') return
    setBusy(true)
    setError(null)
    try {
      let job: JobView | null
      if (isLabels) {
        job = await call((a) =>
          a.labels.bulk({ project, selection, op, labels, ...(op === 'rename' ? { to } : {}) }),
        )
      } else if (action === 'users.delete') {
        job = await planDelete(project, selection)
      } else if (action.startsWith('users.change.')) {
        const change = action.slice('users.change.'.length) as BulkUserChange
        job = await call((a) => a.users.bulkChange({ project, selection, change }))
      } else if (action === 'sessions.kill') {
        job = await call((a) => a.sessions.bulkKill({ project, selection }))
      } else {
        job = await call((a) => a.sessions.lockOut({ project, selection }))
      }
      if (!job) return
      useJobs.getState().upsert(job)
      useJobs.getState().show(job.id)
    } catch (err) {
      setError(errorOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(e) => (e.preventDefault(), void plan())}
      aria-label="Bulk action"
    >
      <Group align="flex-start" grow>
        <Select
          label="Action"
          data={noKeychain ? actionsWithoutKeychain : actions}
          value={action}
          onChange={(v) => v && setAction(v as BulkAction)}
          allowDeselect={false}
        />
        <Select
          label="On"
          data={scopes}
          value={scope}
          onChange={(v) => v && setScope(v as Scope)}
          allowDeselect={false}
        />
        {scope === 'label' && (
          <Select
            label="Label"
            data={knownLabels}
            searchable
            value={scopeValue || null}
            onChange={(v) => setScopeValue(v ?? '')}
            placeholder="Pick a label"
            nothingFoundMessage={
              labelsCounting
                ? 'Counting the labels in use; they are listed here once counted.'
                : 'No user has that label'
            }
          />
        )}
        {(scope === 'search' || scope === 'ids') && (
          <TextInput
            label={scope === 'search' ? 'Search' : 'User ids'}
            value={scopeValue}
            onChange={(e) => setScopeValue(e.currentTarget.value)}
            placeholder={scope === 'search' ? 'name, email, phone or id' : 'id1, id2, …'}
          />
        )}
      </Group>
      {scope === 'filters' && <UsersFilters filters={filters} onChange={setFilters} />}
      {isLabels && (
        <Group align="flex-start" grow>
          <LabelsInput
            label={op === 'rename' ? 'Label to rename' : 'Labels'}
            description="Letters and digits, at most 36 characters. Enter or comma adds one."
            data={knownLabels}
            value={labels}
            onChange={setLabels}
            typing={typing}
            onTyping={setTyping}
            maxTags={op === 'rename' ? 1 : undefined}
            error={typingProblem ?? badLabel}
            clearable
            aria-label="Labels"
          />
          {op === 'rename' && (
            <TextInput
              label="New name"
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={toProblem}
              aria-label="New name"
            />
          )}
        </Group>
      )}
      {!isLabels && (
        <Text size="sm" c="dimmed">
          {action === 'users.delete' && noKeychain ? deleteWithoutKeychain : (actionNotes[action] ?? '')}
        </Text>
      )}
      {error && <ErrorAlert error={error} title="Could not plan the job" />}
      <Group justify="space-between">
        <Text size="sm" c={problem && touched ? 'red' : 'dimmed'}>
          {problem ?? 'Preview first: you see every change before anything is written.'}
        </Text>
        <BusyButton type="submit" busy={busy} disabled={problem !== null} leftSection={<IconEye size={16} />}>
          Preview
        </BusyButton>
      </Group>
    </Stack>
  )
}
