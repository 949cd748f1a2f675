import type { Input } from '@shared/contract'
import type { usersChannels } from '@shared/contract/users'

const ref = { project: 'demo', userId: 'user1' }

export const usersExamples: { [C in keyof typeof usersChannels]: Input<C> } = {
  'users.list': {
    project: 'demo',
    limit: 10,
    search: 'ada',
    cursor: 'user1',
    offset: 10,
    filters: { status: 'active', emailVerified: true, label: 'vip', registeredAfter: '2024-01-01' },
    sort: { field: 'name', direction: 'asc' },
    total: false,
  },
  'users.get': ref,
  'users.update': { ...ref, change: { name: 'Ada Lovelace', labels: ['vip'], status: false } },
  'users.updatePassword': { ...ref, password: 'correct horse battery' },
  'users.create': { project: 'demo', email: 'ada@example.com', passwordHash: { type: 'md5', hash: 'abc' } },
  'users.delete': { ...ref, confirm: 'Demo project' },
  'users.logs': { ...ref, limit: 10, offset: 0 },
  'users.memberships': ref,
  'users.identities': ref,
  'users.mfa': ref,
  'users.mfaRecoveryCodes': { ...ref, action: 'view' },
  'users.mfaRemoveAuthenticator': ref,
  'users.searchAll': { searchId: 's1', search: 'ada', perProject: 5, timeoutMs: 2000 },
  'users.export': {
    exportId: 'e1',
    project: 'demo',
    format: 'csv',
    columns: ['id', 'email'],
    filters: { status: 'blocked' },
  },
}
