import type { Input } from '@shared/contract'
import type { bulkChannels } from '@shared/contract/bulk'

export const bulkExamples: { [C in keyof typeof bulkChannels]: Input<C> } = {
  'users.bulkDelete': { project: 'demo', selection: { filters: { anonymous: true } } },
  'users.bulkChange': { project: 'demo', selection: { ids: ['user1', 'user2'] }, change: 'block' },
  'users.restoreInfo': { jobId: '20260101000000-abcdef' },
}
