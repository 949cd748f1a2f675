import type { Input } from '@shared/contract'
import type { sessionsChannels } from '@shared/contract/sessions'

export const sessionsExamples: { [C in keyof typeof sessionsChannels]: Input<C> } = {
  'sessions.list': { project: 'demo', userId: 'user1' },
  'sessions.kill': { project: 'demo', userId: 'user1', sessionId: 'abc123' },
  'sessions.bulkKill': { project: 'demo', selection: { labels: ['contractor'] } },
  'sessions.lockOut': { project: 'demo', selection: { ids: ['user1', 'user2'] } },
}
