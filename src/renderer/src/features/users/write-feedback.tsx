import { useEffect } from 'react'
import { Button, Group, Text } from '@mantine/core'
import { randomId } from '@mantine/hooks'
import { notifications, notificationsStore } from '@mantine/notifications'
import type { UserRecord } from '@shared/models'
import type { UserWrite } from '@shared/models/users'
import { fieldInWords, listInWords } from '@shared/user-fields'
import { call, declined, errorOf } from '../../api'
import { useUsers } from './users-store'
import { showUser } from './show-user'
import { typingInto } from '../../shortcut-keys'

/**
 * The changes whose notice offers Undo, oldest first. Ctrl/⌘-Z takes back the newest whose notice is
 * still up: the notice's button is out of reach of Tab while the user's drawer holds the focus.
 */
const undoable: { notice: string; undo: () => void }[] = []

function takeUndoable(notice: string): void {
  const i = undoable.findIndex((u) => u.notice === notice)
  if (i >= 0) undoable.splice(i, 1)
}

/** Ctrl/⌘-Z outside a text box (where it undoes typing): Undo on the newest notice that offers it. */
export function useUndoKey(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey || e.key.toLowerCase() !== 'z') return
      if (typingInto(e.target)) return
      const { notifications: shown } = notificationsStore.getState()
      const latest = undoable.findLast((u) => shown.some((n) => n.id === u.notice))
      if (!latest) return
      e.preventDefault()
      latest.undo()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])
}

const noticeOf = (entryId: string) => `write-${entryId}`

/**
 * Each user's latest notice of a change, by project and user: the next change to the same user (an
 * edit, a session ended, an identity unlinked) takes its place. Quick edits stacked one notice each,
 * eight seconds apiece, over the drawer's Save changes at 1024×700; each change stays in History and
 * Activity, undoable there. A "partly saved" notice keeps its place: it says what was not saved.
 */
const latestNotice = new Map<string, string>()

/**
 * Puts notice `id` in the place of `user` in `project` (see `latestNotice`); `keep` leaves it up
 * whatever follows. The project is the change's own: two projects can each have a user of one id.
 */
function takeUsersPlace(project: string, user: string | null, id: string, keep = false): void {
  if (!user) return
  const key = `${project}:${user}`
  const previous = latestNotice.get(key)
  if (previous) notifications.hide(previous)
  if (keep) latestNotice.delete(key)
  else latestNotice.set(key, id)
}

/** A change undone elsewhere (History, Activity): its notice goes, rather than offer Undo again. */
export function retireWriteNotice(entryId: string): void {
  notifications.hide(noticeOf(entryId))
}

/**
 * After every change in `project`: say what happened and, when Appwrite allows it, offer Undo right
 * there. Undo goes through main (`activity.undo`), which refuses if someone changed the user since,
 * and says so. The user is read again from their own project, whichever is shown by then (the notice
 * outlives a switch, and Ctrl/⌘-Z reaches it from anywhere).
 */
export function announceWrite(
  project: string,
  what: string,
  write: UserWrite,
  onUndone?: (user: UserRecord) => void,
): void {
  const id = noticeOf(write.entryId)
  const undo = async (force = false) => {
    takeUndoable(id)
    try {
      await call((a) => a.activity.undo({ entryId: write.entryId, force }))
      if (write.user) {
        const user = await call((a) => a.users.get({ project, userId: write.user!.id }))
        useUsers.getState().replace(project, user)
        onUndone?.(user)
      }
      notifications.update({
        id,
        color: 'gray',
        title: 'Undone',
        // A partial save undoes what it saved, which is less than `what` asked for.
        message: write.partial
          ? `Reversed: saved ${listInWords(write.partial.saved.map(fieldInWords))}.`
          : `Reversed: ${what.charAt(0).toLowerCase()}${what.slice(1)}.`,
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
  // Some fields saved and one refused: say which, and keep the saved part undoable. Such a notice
  // stays until closed, whatever follows: it says what was not saved.
  const { partial } = write
  takeUsersPlace(project, write.user?.id ?? null, id, Boolean(partial))
  const saved = partial ? partial.message : 'Saved and recorded in Activity.'
  if (write.undoable) {
    // Those whose notice has gone (closed, timed out) are let go.
    const { notifications: shown, queue } = notificationsStore.getState()
    const kept = undoable.filter((u) => [...shown, ...queue].some((n) => n.id === u.notice))
    undoable.splice(0, undoable.length, ...kept, { notice: id, undo: () => void undo() })
  }
  notifications.show({
    id,
    color: partial ? 'yellow' : 'green',
    title: partial ? 'Partly saved' : what,
    autoClose: partial ? false : 8000,
    message: write.undoable ? (
      <Group gap="xs" justify="space-between">
        <Text size="sm">{saved}</Text>
        <Group gap="xs">
          {openHolder(id, project, partial?.holder)}
          <Button
            size="compact-xs"
            variant="light"
            onClick={() => void undo()}
            title="Undo (Ctrl Z or ⌘ Z, outside a text box)"
            aria-keyshortcuts="Control+Z Meta+Z"
          >
            Undo
          </Button>
        </Group>
      </Group>
    ) : (
      `${saved} Appwrite offers no way to undo this.`
    ),
  })
}

/**
 * The way to the user who already has the email or phone a save was refused for: support usually
 * wants to see that account. Their drawer takes this one's place; edits not saved here are kept.
 * The holder is in the project of the save; the notice stays, so the button goes back to that
 * project if another is shown by the time it is pressed.
 */
function openHolder(notice: string, project: string, holder: string | undefined) {
  if (!holder) return null
  return (
    <Button
      size="compact-xs"
      variant="light"
      onClick={() => {
        notifications.hide(notice)
        showUser(project, holder)
      }}
    >
      Open that user
    </Button>
  )
}

/**
 * A change in `project` that failed (or was not confirmed). A save refused for a value someone has
 * offers the way to them, in `project`: the answer can come after the drawer that asked has closed.
 */
export function announceError(project: string, what: string, err: unknown): void {
  if (declined(err))
    notifications.show({
      color: 'gray',
      title: 'Nothing changed',
      message: 'Not confirmed.',
      autoClose: 3000,
    })
  else {
    const error = errorOf(err)
    const id = randomId()
    notifications.show({
      id,
      color: 'red',
      title: what,
      autoClose: error.holder ? false : 8000,
      message: error.holder ? (
        <Group gap="xs" justify="space-between">
          <Text size="sm">{error.message}</Text>
          {openHolder(id, project, error.holder)}
        </Group>
      ) : (
        error.message
      ),
    })
  }
}

/** A change that offers no undo; `changed` names the user it changed, whose last notice it replaces. */
export function announceDone(
  what: string,
  message: string,
  changed?: { project: string; userId: string },
): void {
  const id = randomId()
  if (changed) takeUsersPlace(changed.project, changed.userId, id)
  notifications.show({ id, color: 'green', title: what, message, autoClose: 5000 })
}
