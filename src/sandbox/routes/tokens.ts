import { createHmac } from 'node:crypto'
import { isoDate, randomHex, uniqueId } from '../clock'
import { tokenModel } from '../models'
import type { TokenRecord } from '../records'
import type { Router } from '../router'
import { created } from '../router'
import { sha256 } from '../sessions-service'
import { ApiError } from '../errors'
import { optional, range, required, uid } from '../validation'
import { findUser } from './common'

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url')

export function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))
  const body = base64url(JSON.stringify(payload))
  const signature = base64url(createHmac('sha256', secret).update(`${head}.${body}`).digest())
  return `${head}.${body}.${signature}`
}

export function registerTokenRoutes(router: Router): void {
  router.add('POST', '/users/:userId/tokens', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    const length = optional(ctx.params, 'length', range(4, 128), 6)
    const expire = optional(ctx.params, 'expire', range(60, 31536000), 900)
    const user = findUser(ctx, userId)
    const secret = randomHex(length)
    const now = Date.now()
    const token: TokenRecord = {
      $id: uniqueId(),
      $createdAt: isoDate(now),
      userId: user.$id,
      secretHash: sha256(secret),
      expire: isoDate(now + expire * 1000),
      phrase: '',
    }
    ctx.store.putChild('token', token)
    return created(tokenModel(token, secret))
  })

  router.add('POST', '/users/:userId/jwts', 'users.write', (ctx) => {
    const userId = required(ctx.pathParams, 'userId', uid)
    // The default is "", not "recent": a JWT asked for without a session names none.
    const requested = optional(ctx.params, 'sessionId', uid, '')
    const duration = optional(ctx.params, 'duration', range(0, 3600), 900)
    const user = findUser(ctx, userId)
    // Range allows 0, but the JWT library refuses a zero max age; Appwrite answers a bare 500.
    if (duration === 0) throw new ApiError('general_unknown')
    const sessions = ctx.store.sessions.forUser(user.$id)
    const session =
      requested === 'recent' ? sessions[sessions.length - 1] : sessions.find((s) => s.$id === requested)
    // adhocore/jwt adds `exp` (and no `iat`) when neither is given.
    const jwt = signJwt(
      { userId: user.$id, sessionId: session?.$id ?? '', exp: Math.floor(Date.now() / 1000) + duration },
      ctx.project.jwtSecret,
    )
    return created({ jwt })
  })
}
