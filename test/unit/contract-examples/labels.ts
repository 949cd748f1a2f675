import type { Input } from '@shared/contract'
import type { labelsChannels } from '@shared/contract/labels'

export const labelsExamples: { [C in keyof typeof labelsChannels]: Input<C> } = {}
