import { Query } from 'node-appwrite'
import type { ParsedInput } from '@shared/contract'
import { fail } from '@shared/errors'
import type { AccessWrite } from '@shared/models/access'
import type { Core } from '../core'
import { recordWrite, whoIs } from '../audit/record-write'

/**
 * Removes an OAuth identity (a Google or GitHub link) from a user. Appwrite's endpoint takes the
 * identity's id alone; it is read first so that only this user's identity goes, and so that the
 * audit entry says which provider and account were unlinked. Nothing can put it back: the person
 * links the provider again by signing in with it.
 */
export async function unlinkIdentity(
  core: Core,
  input: ParsedInput<'identities.unlink'>,
): Promise<AccessWrite> {
  const project = await core.projects.resolveForWrite(input.project, {
    destructive: true,
    confirm: input.confirm,
  })
  const users = project.clients.users
  const found = await users.listIdentities({
    queries: [Query.equal('$id', input.identityId), Query.equal('userId', input.userId), Query.limit(1)],
  })
  const identity = found.identities[0]
  if (!identity) fail('not_found', `User ${input.userId} has no identity ${input.identityId}.`)
  await users.deleteIdentity({ identityId: identity.$id })
  const entry = recordWrite(core.audit, project, {
    action: 'identities.unlink',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: {
      identity: {
        id: identity.$id,
        provider: identity.provider,
        providerUid: identity.providerUid,
        providerEmail: identity.providerEmail,
      },
    },
    after: null,
  })
  return { entryId: entry.id, undoable: false }
}
