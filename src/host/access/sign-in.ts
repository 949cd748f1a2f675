import type { ParsedInput } from '@shared/contract'
import { fillSignInLink } from '@shared/contract/access'
import type { SignInSecret } from '@shared/models/access'
import type { Core } from '../core'
import type { ResolvedProject } from '../projects/projects-service'
import { recordWrite, whoIs } from '../audit/record-write'

/**
 * Credentials that let someone act as the user: a one-time token, a server session, a JWT. Each is a
 * production-confirmed write. The secret is returned to the caller and goes nowhere else: the audit
 * entry says what was made, for whom and until when, and the logger learns the secret only to
 * scrub it from any line that might carry it.
 */
export async function createToken(
  core: Core,
  input: ParsedInput<'signIn.createToken'>,
): Promise<SignInSecret> {
  const project = await guarded(core, input)
  const token = await project.clients.users.createToken({
    userId: input.userId,
    length: input.length,
    expire: input.expire,
  })
  core.logger.addSecret(token.secret)
  const entry = recordWrite(core.audit, project, {
    action: 'signIn.createToken',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: null,
    after: { tokenId: token.$id, length: input.length, expire: token.expire },
  })
  const template = core.projects.linkTemplate(input.project)
  return {
    kind: 'token',
    secret: token.secret,
    expire: token.expire,
    id: token.$id,
    link: template ? fillSignInLink(template, input.userId, token.secret) : null,
    entryId: entry.id,
    undoable: false,
  }
}

export async function createSession(
  core: Core,
  input: ParsedInput<'signIn.createSession'>,
): Promise<SignInSecret> {
  const project = await guarded(core, input)
  const session = await project.clients.users.createSession({ userId: input.userId })
  core.logger.addSecret(session.secret)
  const entry = recordWrite(core.audit, project, {
    action: 'signIn.createSession',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: null,
    after: { sessionId: session.$id, expire: session.expire },
  })
  return {
    kind: 'session',
    secret: session.secret,
    expire: session.expire,
    id: session.$id,
    link: null,
    entryId: entry.id,
    undoable: false,
  }
}

export async function createJwt(core: Core, input: ParsedInput<'signIn.createJwt'>): Promise<SignInSecret> {
  const project = await guarded(core, input)
  const { jwt } = await project.clients.users.createJWT({
    userId: input.userId,
    ...(input.sessionId ? { sessionId: input.sessionId } : {}),
    duration: input.duration,
  })
  core.logger.addSecret(jwt)
  const claims = jwtClaims(jwt)
  const expire = new Date((claims.exp ?? Date.now() / 1000 + input.duration) * 1000).toISOString()
  const sessionId = claims.sessionId ?? ''
  const entry = recordWrite(core.audit, project, {
    action: 'signIn.createJwt',
    userId: input.userId,
    user: await whoIs(project, input.userId),
    before: null,
    after: { sessionId, expire },
  })
  return { kind: 'jwt', secret: jwt, expire, id: sessionId, link: null, entryId: entry.id, undoable: false }
}

/** The JWT's own claims say which session it speaks for and when it ends; its signature is not ours to check. */
function jwtClaims(jwt: string): { exp?: number; sessionId?: string } {
  try {
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as unknown
    if (!claims || typeof claims !== 'object') return {}
    const { exp, sessionId } = claims as Record<string, unknown>
    return {
      ...(typeof exp === 'number' ? { exp } : {}),
      ...(typeof sessionId === 'string' ? { sessionId } : {}),
    }
  } catch {
    return {}
  }
}

function guarded(
  core: Core,
  input: { project: string; confirm?: string | undefined },
): Promise<ResolvedProject> {
  return core.projects.resolveForWrite(input.project, { destructive: true, confirm: input.confirm })
}
