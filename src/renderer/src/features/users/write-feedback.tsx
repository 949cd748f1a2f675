import { Button, Group, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { UserRecord } from '@shared/models'
import type { UserWrite } from '@shared/models/users'
import { call, declined, errorOf } from '../../api'
import { useUsers } from './users-store'

/**
 * After every change: say what happened and, when Appwrite allows it, offer Undo right there. Undo
 * goes through main (`activity.undo`), which refuses if someone changed the user since, and says so.
 */
export function announceWrite(what: string, write: UserWrite, onUndone?: (user: UserRecord) => void): void {
  const id = `write-${write.entryId}`
  const undo = async (force = false) => {
    try {
      await call((a) => a.activity.undo({ entryId: write.entryId, force }))
      const project = useUsers.getState().project
      if (project && write.user) {
        const user = await call((a) => a.users.get({ project, userId: write.user!.id }))
        useUsers.getState().replace(user)
        onUndone?.(user)
      }
      notifications.update({
        id,
        color: 'gray',
        title: 'Undone',
        message: `Reversed: ${what.charAt(0).toLowerCase()}${what.slice(1)}.`,
        autoClose: 3000,
      })
    } catch (err) {
      const error = errorOf(err)
      notifications.update({
        id,
        color: 'red',
        title: 'Could not undo',
        autoClose: false,
        message:
          error.field === 'force' ? (
            <Group gap="xs">
              <Text size="sm">{error.message}</Text>
              <Button size="compact-xs" color="red" variant="light" onClick={() => void undo(true)}>
                Undo anyway
              </Button>
            </Group>
          ) : (
            error.message
          ),
      })
    }
  }
  // Some fields saved and one refused: say which, and keep the saved part undoable.
  const { partial } = write
  const saved = partial ? partial.message : 'Saved and recorded in Activity.'
  notifications.show({
    id,
    color: partial ? 'yellow' : 'green',
    title: partial ? 'Partly saved' : what,
    autoClose: partial ? false : 8000,
    message: write.undoable ? (
      <Group gap="xs" justify="space-between">
        <Text size="sm">{saved}</Text>
        <Button size="compact-xs" variant="light" onClick={() => void undo()}>
          Undo
        </Button>
      </Group>
    ) : (
      `${saved} Appwrite offers no way to undo this.`
    ),
  })
}

export function announceError(what: string, err: unknown): void {
  if (declined(err))
    notifications.show({
      color: 'gray',
      title: 'Nothing changed',
      message: 'Not confirmed.',
      autoClose: 3000,
    })
  else notifications.show({ color: 'red', title: what, message: errorOf(err).message, autoClose: 8000 })
}

export function announceDone(what: string, message: string): void {
  notifications.show({ color: 'green', title: what, message, autoClose: 5000 })
}
