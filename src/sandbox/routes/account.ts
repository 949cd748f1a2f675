import { hashArgon2, verifyPassword } from '../../passwords'
import { isoDate, uniqueId } from '../clock'
import { ApiError } from '../errors'
import { sessionModel } from '../models'
import type { Router } from '../router'
import { created } from '../router'
import { openSession } from '../sessions-service'
import { defaultArgon2Options } from '../user-factory'
import { email, password, required } from '../validation'
import { saveUser } from './common'

export function registerAccountRoutes(router: Router): void {
  // The one client (guest) route: it proves an imported password by logging in with it.
  router.add('POST', '/account/sessions/email', 'sessions.write', async (ctx) => {
    const address = required(ctx.params, 'email', email).toLowerCase()
    const plain = required(ctx.params, 'password', password)
    const { store } = ctx
    const userId = store.userIdByEmail(address)
    const user = userId ? store.getUser(userId) : undefined
    if (
      !user ||
      !user.passwordUpdate ||
      !(await verifyPassword(plain, user.password, user.hash, user.hashOptions))
    ) {
      throw new ApiError('user_invalid_credentials')
    }
    if (!user.status) throw new ApiError('user_blocked')
    if (user.hash !== 'argon2') {
      // Like Appwrite, upgrade a legacy hash to argon2 once the plain password is known.
      const rehashed = await hashArgon2(plain)
      const current = store.getUser(user.$id)
      if (current)
        saveUser(store, current, { password: rehashed, hash: 'argon2', hashOptions: defaultArgon2Options() })
    }
    const { session, secret } = openSession(ctx, user.$id, 'email', address, ['password'])
    store.putChild('log', {
      $id: uniqueId(),
      userId: user.$id,
      event: 'session.create',
      mode: 'default',
      userType: 'user',
      ip: session.ip,
      time: isoDate(),
      osCode: session.osCode,
      osName: session.osName,
      osVersion: session.osVersion,
      clientType: session.clientType,
      clientCode: session.clientCode,
      clientName: session.clientName,
      clientVersion: session.clientVersion,
      clientEngine: session.clientEngine,
      clientEngineVersion: session.clientEngineVersion,
      deviceName: session.deviceName,
      deviceBrand: session.deviceBrand,
      deviceModel: session.deviceModel,
      countryCode: session.countryCode,
      countryName: session.countryName,
    })
    // The secret is sensitive: only a key holder sees it in the response.
    return created(sessionModel(session, { current: true, secret: ctx.isKey ? secret : '' }))
  })
}
