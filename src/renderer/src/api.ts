/**
 * The only module that touches `window.userdeck`. Components call `call(...)`, which unwraps the
 * Result into a value or a thrown `AppErrorException`; tests can hand `setApi` a fake bridge.
 */
import type { UserdeckApi } from '@shared/contract'
import { AppErrorException, type AppError, type Result } from '@shared/errors'

let bridge: UserdeckApi = window.userdeck

export function setApi(fake: UserdeckApi): void {
  bridge = fake
}

export function api(): UserdeckApi {
  return bridge
}

export async function call<T>(request: (api: UserdeckApi) => Promise<Result<T>>): Promise<T> {
  const result = await request(bridge)
  if (!result.ok) throw new AppErrorException(result.error)
  return result.value
}

export function errorOf(err: unknown): AppError {
  if (err instanceof AppErrorException) return err.error
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), retryable: false }
}
