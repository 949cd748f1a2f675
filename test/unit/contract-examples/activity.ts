import type { Input } from '@shared/contract'
import type { activityChannels } from '@shared/contract/activity'

export const activityExamples: { [C in keyof typeof activityChannels]: Input<C> } = {}
