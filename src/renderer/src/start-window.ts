import { useNavigation } from './navigation'
import { followProjectChanges, useProjects } from './features/projects/projects-store'
import { useUsers } from './features/users/users-store'

/**
 * A host slower than this to list the projects and their first page of users gets a window that
 * says it is loading them.
 */
const FIRST_FRAME_WAIT_MS = 300

/**
 * What the window asks the host for before React draws anything: the projects (and their changes
 * from then on) with the settings, then, the moment the project it opens on is known, that project's
 * first page of users. Settles when the frame should be drawn: once that page is in (or the wait is
 * over), so the first render already shows the rows. Drawn before they came, the frame was drawn
 * twice, the second time with the rows, and the window's main thread spent the wait on the first.
 * The Users screen takes that page over rather than asking again.
 */
export function startWindow(): Promise<void> {
  followProjectChanges()
  const stop = useProjects.subscribe(({ activeRef }) => {
    if (!activeRef) return
    stop()
    if (useNavigation.getState().screen === 'users') useUsers.getState().openAhead(activeRef)
  })
  return Promise.race([
    useProjects
      .getState()
      .load()
      .then(() => useUsers.getState().ahead?.loaded),
    new Promise<void>((resolve) => setTimeout(resolve, FIRST_FRAME_WAIT_MS)),
  ])
}
