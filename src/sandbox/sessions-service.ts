import { createHash } from 'node:crypto'
import { isoDate, randomHex, uniqueId } from './clock'
import type { SessionRecord } from './records'
import type { RequestContext } from './router'
import { detectDevice } from './user-agent'

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

/** Creates and stores a session; returns it with the one-time secret (base64 of {id, secret}). */
export function openSession(
  ctx: RequestContext,
  userId: string,
  provider: string,
  providerUid: string,
  factors: string[],
): { session: SessionRecord; secret: string } {
  const now = Date.now()
  const raw = randomHex(256)
  const session: SessionRecord = {
    $id: uniqueId(),
    $createdAt: isoDate(now),
    $updatedAt: isoDate(now),
    userId,
    expire: isoDate(now + ctx.project.sessionSeconds * 1000),
    provider,
    providerUid,
    providerAccessToken: '',
    providerAccessTokenExpiry: '',
    providerRefreshToken: '',
    ip: ctx.ip,
    ...detectDevice(ctx.userAgent),
    countryCode: '--',
    countryName: 'Unknown',
    factors,
    mfaUpdatedAt: '',
    secretHash: sha256(raw),
  }
  ctx.store.putChild('session', session)
  const secret = Buffer.from(JSON.stringify({ id: userId, secret: raw })).toString('base64')
  return { session, secret }
}
