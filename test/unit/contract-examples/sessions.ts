import type { Input } from '@shared/contract'
import type { sessionsChannels } from '@shared/contract/sessions'

export const sessionsExamples: { [C in keyof typeof sessionsChannels]: Input<C> } = {}
