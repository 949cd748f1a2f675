import type { Channel, Input } from '@shared/contract'
import type { accessChannels } from '@shared/contract/access'

const ref = { project: 'demo', userId: 'u1' }

export const accessExamples: { [C in keyof typeof accessChannels & Channel]: Input<C> } = {
  'identities.unlink': { ...ref, identityId: 'id1', confirm: 'Demo project' },
  'targets.create': { ...ref, providerType: 'email', identifier: 'ada@example.com', name: 'Work' },
  'targets.update': { ...ref, targetId: 't1', name: 'Home' },
  'targets.remove': { ...ref, targetId: 't1' },
  'signIn.createToken': { ...ref, length: 8, expire: 600 },
  'signIn.createSession': ref,
  'signIn.createJwt': { ...ref, sessionId: 'recent', duration: 60 },
  'signIn.linkTemplate': { project: 'demo' },
  'signIn.setLinkTemplate': {
    project: 'demo',
    template: 'https://app.example.com/login?userId={userId}&secret={secret}',
  },
}
