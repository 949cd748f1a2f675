import { useNavigation } from '../../navigation'
import { useProjects } from '../projects/projects-store'
import { useUsers } from './users-store'

/**
 * Opens a user's drawer over their project's Users screen, from wherever the person is: the
 * cross-project search, a notice that outlived the drawer it came from. The drawer belongs to its
 * project, so the project is switched to first.
 */
export function showUser(project: string, userId: string): void {
  useProjects.getState().setActive(project)
  useNavigation.getState().go('users')
  useUsers.getState().openDetail(project, userId)
}
