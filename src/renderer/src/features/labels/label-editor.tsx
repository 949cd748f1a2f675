import { useState } from 'react'
import { Button, Group, Stack, TagsInput, Text } from '@mantine/core'
import { LABELS_MAX, labelProblem } from '@shared/appwrite-limits'
import type { AppError } from '@shared/errors'
import type { UserRecord } from '@shared/models'
import { call, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { useLabelOverview } from './labels-store'

/**
 * One user's labels as chips, checked against Appwrite's rules while typing, with the project's other
 * labels offered. Saving sends only what was added and removed: main reads the user's current labels
 * and keeps any it was not told about, so a label someone else added meanwhile survives.
 */
export function LabelEditor({
  project,
  user,
  readOnly,
  onSaved,
}: {
  project: string
  user: UserRecord
  readOnly?: boolean
  onSaved?: (user: UserRecord) => void
}) {
  const [labels, setLabels] = useState<string[]>(user.labels)
  const [typing, setTyping] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<AppError | null>(null)
  const overview = useLabelOverview(project)
  const known = overview.data?.labels.map((l) => l.label) ?? []
  const problem =
    (typing ? labelProblem(typing) : null) ??
    labels.map(labelProblem).find(Boolean) ??
    (labels.length > LABELS_MAX ? `A user can have at most ${LABELS_MAX} labels.` : null)
  const add = labels.filter((l) => !user.labels.includes(l))
  const remove = user.labels.filter((l) => !labels.includes(l))
  const dirty = add.length > 0 || remove.length > 0

  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      const saved = await call((a) => a.labels.edit({ project, userId: user.id, add, remove }))
      setLabels(saved.labels)
      onSaved?.(saved)
    } catch (err) {
      setError(errorOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="xs">
      <TagsInput
        label="Labels"
        description="Letters and digits, up to 36 characters each. Enter or comma adds one."
        value={labels}
        onChange={setLabels}
        searchValue={typing}
        onSearchChange={setTyping}
        data={known}
        splitChars={[',', ' ']}
        error={problem}
        disabled={readOnly || busy}
        clearable
        aria-label="Labels"
      />
      {error && <ErrorAlert error={error} title="Could not save the labels" />}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {dirty ? `${add.length} to add, ${remove.length} to remove` : 'No changes'}
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            size="xs"
            disabled={!dirty || busy}
            onClick={() => setLabels(user.labels)}
          >
            Reset
          </Button>
          <Button
            size="xs"
            disabled={!dirty || problem !== null || readOnly}
            loading={busy}
            onClick={() => void save()}
          >
            Save labels
          </Button>
        </Group>
      </Group>
    </Stack>
  )
}
