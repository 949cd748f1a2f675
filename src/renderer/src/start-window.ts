import { useNavigation } from './navigation'
import { followProjectChanges, useProjects } from './features/projects/projects-store'
import { useUsers } from './features/users/users-store'

/** A host slower than this to list the projects gets a window that says it is loading them. */
const PROJECTS_WAIT_MS = 300

/**
 * How long, once the projects are known, the first frame waits for the first page of users. A page
 * that comes within it is in the first frame; drawn before it came, the frame was drawn twice, and
 * the second time (with the rows) waited on the first. A server farther away than this gets the
 * frame at once, saying it is loading, as it did before: it would gain nothing by waiting.
 */
const FIRST_PAGE_WAIT_MS = 100

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/**
 * What the window asks the host for before React draws anything: the projects (and their changes
 * from then on) with the settings, then, the moment the project it opens on is known, that project's
 * first page of users. Settles when the frame should be drawn: once the projects are known and that
 * page is in or not soon coming. The Users screen takes the page over rather than asking again.
 */
export function startWindow(): Promise<void> {
  followProjectChanges()
  const stop = useProjects.subscribe(({ activeRef }) => {
    if (!activeRef) return
    stop()
    if (useNavigation.getState().screen === 'users') useUsers.getState().openAhead(activeRef)
  })
  const projectsKnown = useProjects.getState().load()
  return Promise.race([
    projectsKnown.then(() => {
      const ahead = useUsers.getState().ahead
      return ahead ? Promise.race([ahead.loaded, wait(FIRST_PAGE_WAIT_MS)]) : undefined
    }),
    wait(PROJECTS_WAIT_MS),
  ])
}
