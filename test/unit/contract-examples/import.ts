import type { Input } from '@shared/contract'
import type { importChannels } from '@shared/contract/import'

export const importExamples: { [C in keyof typeof importChannels]: Input<C> } = {}
