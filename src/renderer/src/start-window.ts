import { useNavigation } from './navigation'
import { followProjectChanges, useProjects } from './features/projects/projects-store'
import { useUsers } from './features/users/users-store'

/** A host slower than this to list the projects gets a window that says it is loading them. */
const PROJECTS_WAIT_MS = 300

/**
 * What the window asks the host for before React draws anything: the projects (and their changes
 * from then on) with the settings, then, the moment the project it opens on is known, that project's
 * first page of users. Settles when the frame should be drawn: once the projects are known, so its
 * first render already shows them, and the first page is on its way while React draws. The Users
 * screen takes that page over rather than asking again.
 */
export function startWindow(): Promise<void> {
  followProjectChanges()
  const stop = useProjects.subscribe(({ activeRef }) => {
    if (!activeRef) return
    stop()
    if (useNavigation.getState().screen === 'users') useUsers.getState().openAhead(activeRef)
  })
  return Promise.race([
    useProjects.getState().load(),
    new Promise<void>((resolve) => setTimeout(resolve, PROJECTS_WAIT_MS)),
  ])
}
