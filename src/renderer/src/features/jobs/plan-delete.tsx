import { Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { AppErrorException } from '@shared/errors'
import type { JobView, Selection } from '@shared/models/jobs'
import { call } from '../../api'

/** With no keychain, no restore copy can be kept: say so and ask once more before deleting for good. */
function confirmWithoutCopy(message: string): Promise<boolean> {
  return new Promise((resolve) =>
    modals.openConfirmModal({
      title: 'No restore copy can be kept',
      children: (
        <Text size="sm">
          {message} Deleted users could not be brought back by undo. Delete them for good anyway?
        </Text>
      ),
      labels: { confirm: 'Delete without a copy', cancel: 'Keep them' },
      confirmProps: { color: 'red' },
      onConfirm: () => resolve(true),
      onCancel: () => resolve(false),
    }),
  )
}

/**
 * Plans a bulk delete of `selection`. Where no keychain can hold the restore copies' key, the person
 * is told and asked once more; null when they keep the users. Other errors are thrown.
 */
export async function planDelete(project: string, selection: Selection): Promise<JobView | null> {
  try {
    return await call((a) => a.users.bulkDelete({ project, selection }))
  } catch (err) {
    if (!(err instanceof AppErrorException) || err.error.code !== 'keychain_unavailable') throw err
    // The host's sentence up to its colon says why; the rest asks what the dialog asks.
    if (!(await confirmWithoutCopy(err.error.message.split(':')[0] + '.'))) return null
    return call((a) => a.users.bulkDelete({ project, selection, withoutRestoreCopy: true }))
  }
}
