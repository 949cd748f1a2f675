import type { accessChannels } from '@shared/contract/access'
import type { Core, Feature } from '../core'
import { unlinkIdentity } from './identities'
import { createJwt, createSession, createToken } from './sign-in'
import { createTarget, removeTarget, updateTarget } from './targets'

/** What a support desk needs when someone cannot get in: identities, targets, sign-in credentials. */
export function createAccessFeature(core: Core): Feature<typeof accessChannels> {
  return {
    handlers: {
      'identities.unlink': (input) => unlinkIdentity(core, input),
      'targets.create': (input) => createTarget(core, input),
      'targets.update': (input) => updateTarget(core, input),
      'targets.remove': (input) => removeTarget(core, input),
      'signIn.createToken': (input) => createToken(core, input),
      'signIn.createSession': (input) => createSession(core, input),
      'signIn.createJwt': (input) => createJwt(core, input),
      'signIn.linkTemplate': async ({ project }) => ({ template: core.projects.linkTemplate(project) }),
      'signIn.setLinkTemplate': async ({ project, template }) => {
        core.projects.setLinkTemplate(project, template)
        return { template }
      },
    },
  }
}
