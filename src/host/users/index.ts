import type { usersChannels } from '@shared/contract/users'
import type { Core, Feature } from '../core'
import { UsersService } from './users-service'
import { searchAllProjects } from './cross-project-search'
import { exportUsers } from './users-export'

export function createUsersFeature(core: Core): Feature<typeof usersChannels> & { service: UsersService } {
  const service = new UsersService(core)
  return {
    service,
    handlers: {
      'users.list': (input) => service.list(input),
      'users.get': (input) => service.get(input),
      'users.update': (input) => service.update(input),
      'users.updatePassword': (input) => service.updatePassword(input),
      'users.create': (input) => service.create(input),
      'users.delete': (input) => service.delete(input),
      'users.logs': (input) => service.logs(input),
      'users.memberships': (input) => service.memberships(input),
      'users.identities': (input) => service.identities(input),
      'users.mfa': (input) => service.mfa(input),
      'users.mfaRecoveryCodes': (input) => service.recoveryCodes(input),
      'users.mfaRemoveAuthenticator': (input) => service.removeAuthenticator(input),
      'users.searchAll': (input) => searchAllProjects(core, input),
      'users.export': (input) => exportUsers(core, input),
    },
  }
}
