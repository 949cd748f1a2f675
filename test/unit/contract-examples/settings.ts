import type { Input } from '@shared/contract'

export const settingsExamples: {
  'settings.get': Input<'settings.get'>
  'settings.update': Input<'settings.update'>
} = {
  'settings.get': {},
  'settings.update': {
    privacy: true,
    lastProject: 'demo',
    usersLists: { demo: { filters: { status: 'blocked' }, sort: { field: 'name', direction: 'asc' } } },
    usersColumns: { email: 240 },
  },
}
