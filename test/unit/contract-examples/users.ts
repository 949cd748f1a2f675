import type { Input } from '@shared/contract'
import type { usersChannels } from '@shared/contract/users'

export const usersExamples: { [C in keyof typeof usersChannels]: Input<C> } = {
  'users.list': { project: 'demo', limit: 10, search: 'ada', cursor: 'user1' },
}
