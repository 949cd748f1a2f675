import type { Input } from '@shared/contract'
import type { bulkChannels } from '@shared/contract/bulk'
import type { statsChannels } from '@shared/contract/stats'

export const bulkExamples: { [C in keyof typeof bulkChannels | keyof typeof statsChannels]: Input<C> } = {
  'stats.project': { project: 'demo', refresh: true },
  'stats.counted': { project: 'demo' },
  'users.bulkDelete': { project: 'demo', selection: { filters: { anonymous: true } } },
  'users.bulkChange': { project: 'demo', selection: { ids: ['user1', 'user2'] }, change: 'block' },
  'users.restoreInfo': { jobId: '20260101000000-abcdef' },
}
