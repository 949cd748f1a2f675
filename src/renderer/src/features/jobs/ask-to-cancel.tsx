import { Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import type { JobView } from '@shared/models/jobs'
import { cancelQuestion } from './cancel-question'

/**
 * Asks before a job is cancelled, which cannot be taken back; `onConfirm` cancels it. Enter confirms
 * (the confirm button has the focus), Escape or the other button keeps the job going.
 */
export function askToCancel(job: JobView, onConfirm: () => void): void {
  const q = cancelQuestion(job)
  modals.openConfirmModal({
    title: q.title,
    children: (
      <Stack gap="xs">
        {q.lines.map((line) => (
          <Text size="sm" key={line}>
            {line}
          </Text>
        ))}
      </Stack>
    ),
    labels: { confirm: q.confirm, cancel: q.keep },
    confirmProps: { color: 'red', 'data-autofocus': true },
    onConfirm,
  })
}
