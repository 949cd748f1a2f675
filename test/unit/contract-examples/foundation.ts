import type { Input } from '@shared/contract'

export const foundationExamples: { 'app.info': Input<'app.info'>; 'app.openHelp': Input<'app.openHelp'> } = {
  'app.info': {},
  'app.openHelp': { topic: 'api-keys' },
}
