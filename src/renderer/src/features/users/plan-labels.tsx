import { useState } from 'react'
import { Button, SegmentedControl, Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconEye } from '@tabler/icons-react'
import { labelProblem, labelsProblem } from '@shared/appwrite-limits'
import type { JobView, Selection } from '@shared/models/jobs'
import { call, errorOf } from '../../api'
import { BusyButton } from '../../components/busy-button'
import { LabelsInput } from '../../components/labels-input'
import { DialogActions } from '../../components/dialog-actions'

type Op = 'add' | 'remove'

/**
 * Asks which labels to add to (or remove from) the users picked, then plans the job; null when the
 * person closes the question. The job opens at its preview, as every bulk action does: nothing is
 * written before Run there.
 */
export function planLabels(
  project: string,
  selection: Selection,
  count: string,
  suggestions: string[],
): Promise<JobView | null> {
  return new Promise((resolve) => {
    let planned: JobView | null = null
    const id = modals.open({
      title: `Labels of ${count} selected`,
      onClose: () => resolve(planned),
      children: (
        <LabelsForm
          project={project}
          selection={selection}
          suggestions={suggestions}
          onPlanned={(job) => {
            planned = job
            modals.close(id)
          }}
          onCancel={() => modals.close(id)}
        />
      ),
    })
  })
}

function LabelsForm({
  project,
  selection,
  suggestions,
  onPlanned,
  onCancel,
}: {
  project: string
  selection: Selection
  suggestions: string[]
  onPlanned: (job: JobView) => void
  onCancel: () => void
}) {
  const [op, setOp] = useState<Op>('add')
  const [labels, setLabels] = useState<string[]>([])
  const [typing, setTyping] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const problem = (typing ? labelProblem(typing) : null) ?? labelsProblem(labels)
  const ready = labels.length > 0 && problem === null

  const plan = async () => {
    setBusy(true)
    setFailure(null)
    try {
      onPlanned(await call((a) => a.labels.bulk({ project, selection, op, labels })))
    } catch (err) {
      setFailure(errorOf(err).message)
      setBusy(false)
    }
  }

  return (
    <Stack
      component="form"
      gap="sm"
      onSubmit={(e) => {
        e.preventDefault()
        if (ready && !busy) void plan()
      }}
    >
      <SegmentedControl
        value={op}
        onChange={(v) => setOp(v as Op)}
        data={[
          { value: 'add', label: 'Add' },
          { value: 'remove', label: 'Remove' },
        ]}
        aria-label="Add or remove"
      />
      <LabelsInput
        label="Labels"
        description="Letters and digits, at most 36 characters; as written, capitals included. Enter or comma adds one."
        data={suggestions}
        value={labels}
        onChange={setLabels}
        typing={typing}
        onTyping={setTyping}
        error={problem ?? failure}
        data-autofocus
      />
      <Text size="sm" c="dimmed">
        {op === 'add'
          ? 'Each user keeps the labels they have; these are added to them.'
          : 'Only these labels are taken off; each user keeps the others.'}
      </Text>
      <DialogActions>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <BusyButton type="submit" busy={busy} disabled={!ready} leftSection={<IconEye size={16} />}>
          Preview
        </BusyButton>
      </DialogActions>
    </Stack>
  )
}
