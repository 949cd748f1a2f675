import type { Input } from '@shared/contract'
import type { labelsChannels } from '@shared/contract/labels'

export const labelsExamples: { [C in keyof typeof labelsChannels]: Input<C> } = {
  'labels.overview': { project: 'demo', refresh: true },
  'labels.bulk': {
    project: 'demo',
    selection: { search: 'ada' },
    op: 'rename',
    labels: ['trial'],
    to: 'customer',
  },
}
