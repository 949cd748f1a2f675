import { ApiError } from '../errors'
import { sessionModel } from '../models'
import type { Router } from '../router'
import { created, noContent, ok } from '../router'
import { openSession } from '../sessions-service'
import { customId, required, uid } from '../validation'
import { findUser, loadUser, wantsTotal } from './common'

export function registerSessionRoutes(router: Router): void {
  router.add('GET', '/users/:userId/sessions', ['users.read', 'sessions.read'], (ctx) => {
    const user = loadUser(ctx)
    const countTotal = wantsTotal(ctx)
    const sessions = ctx.store.sessions.forUser(user.$id)
    return ok({ total: countTotal ? sessions.length : 0, sessions: sessions.map((s) => sessionModel(s)) })
  })

  router.add('POST', '/users/:userId/sessions', ['users.write', 'sessions.write'], (ctx) => {
    // Appwrite checks this userId as a custom id, so `unique()` passes and is simply not found.
    const user = findUser(ctx, required(ctx.pathParams, 'userId', customId))
    const { session, secret } = openSession(ctx, user.$id, 'server', '', ['server'])
    return created(sessionModel(session, { secret }))
  })

  router.add('DELETE', '/users/:userId/sessions', ['users.write', 'sessions.write'], (ctx) => {
    const user = loadUser(ctx)
    for (const session of ctx.store.sessions.forUser(user.$id)) ctx.store.deleteChild('session', session.$id)
    return noContent()
  })

  router.add('DELETE', '/users/:userId/sessions/:sessionId', ['users.write', 'sessions.write'], (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const sessionId = required(ctx.pathParams, 'sessionId', uid)
    findUser(ctx, userId)
    // Appwrite looks the session up by id alone: it does not check that it is this user's.
    const session = ctx.store.sessions.get(sessionId)
    if (!session) throw new ApiError('user_session_not_found')
    ctx.store.deleteChild('session', sessionId)
    return noContent()
  })
}
