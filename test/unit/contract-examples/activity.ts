import type { Input } from '@shared/contract'
import type { activityChannels } from '@shared/contract/activity'

export const activityExamples: { [C in keyof typeof activityChannels]: Input<C> } = {
  'activity.list': { project: 'demo', userId: 'user1', action: 'labels.add', limit: 20 },
  'activity.get': { entryId: '0b7c5a5e-4b8e-4c1a-9d0e-6f1f2a3b4c5d' },
  'activity.undo': { entryId: '0b7c5a5e-4b8e-4c1a-9d0e-6f1f2a3b4c5d', force: false },
  'activity.undoJob': { jobId: '20261123150000-a1b2c3', force: true },
}
