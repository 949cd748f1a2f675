import type { AppError } from '@shared/errors'
import type { ProjectView } from '@shared/models'
import { useProjects } from './projects-store'

/**
 * A question the host asks about one project (its key again, a confirmation), put to the person in a
 * modal that `open` shows. Answers with the first answer given (later ones, such as the close that
 * follows a confirm, are ignored), or null when the project is not in the window's list.
 */
export function askAboutProject(
  error: AppError,
  open: (project: ProjectView, answer: (value: string | null) => void) => void,
): Promise<string | null> {
  const project = useProjects.getState().projects.find((p) => p.id === error.project)
  if (!project) return Promise.resolve(null)
  return new Promise((resolve) => {
    let answered = false
    open(project, (value) => {
      if (answered) return
      answered = true
      resolve(value)
    })
  })
}
