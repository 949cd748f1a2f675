import type { usersChannels } from '@shared/contract/users'
import type { Core, Feature } from '../core'
import { UsersService } from './users-service'

export function createUsersFeature(core: Core): Feature<typeof usersChannels> & { service: UsersService } {
  const service = new UsersService(core.projects)
  return {
    service,
    handlers: {
      'users.list': (input) => service.list(input),
    },
  }
}
