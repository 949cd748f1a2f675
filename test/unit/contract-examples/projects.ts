import type { Input } from '@shared/contract'
import type { projectsChannels } from '@shared/contract/projects'

export const projectsExamples: { [C in keyof typeof projectsChannels]: Input<C> } = {
  'projects.list': { watch: true },
  'projects.add': {
    name: 'Shop (EU)',
    endpoint: 'https://fra.cloud.appwrite.io/v1',
    projectId: 'shop-eu',
    colour: 'teal',
    tag: 'staging',
    safeMode: 'off',
    key: 'standard_0123456789abcdef',
  },
  'projects.update': { project: 'p_0123456789ab', name: 'Shop (EU, old)', safeMode: 'read-only' },
  'projects.setKey': { project: 'p_0123456789ab', key: 'standard_fedcba9876543210' },
  'projects.deleteKey': { project: 'p_0123456789ab' },
  'projects.remove': { project: 'p_0123456789ab', confirm: 'Shop (EU)' },
  'projects.reorder': { order: ['p_0123456789ab', 'p_ba9876543210'] },
  'projects.check': { project: 'p_0123456789ab' },
  'projects.test': { endpoint: 'http://127.0.0.1:9/v1', projectId: 'shop', key: 'standard_0123' },
  'projects.find': { nameOrId: 'Shop (EU)' },
  'projects.connect': { endpoint: 'http://127.0.0.1:9/v1', projectId: 'shop', key: 'standard_0123' },
  'projects.export': {},
  'projects.import': { json: '{"format":"userdeck-projects","version":1,"projects":[]}' },
}
