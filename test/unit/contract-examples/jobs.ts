import type { Input } from '@shared/contract'
import type { jobsChannels } from '@shared/contract/jobs'

export const jobsExamples: { [C in keyof typeof jobsChannels]: Input<C> } = {}
