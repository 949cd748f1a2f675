import { AppErrorException, appError } from '@shared/errors'
import type { KeychainState } from '@shared/models'

/**
 * The one seam for API keys. The keytar store is the product; the memory store holds keys for this
 * run only when no keychain is reachable (and serves unit tests of other code). There is no file store,
 * on purpose: a key never touches the disk in a form Userdeck writes.
 */
export interface SecretStore {
  /** Final once `ready()` has settled; a store still finding out counts as memory until then. */
  readonly kind: 'keychain' | 'memory'
  /** What a check of the OS keychain found, where one ran: why keys are in memory, in its words. */
  readonly state?: KeychainState
  /** Settles when the store knows what it is. */
  ready(): Promise<void>
  get(account: string): Promise<string | null>
  set(account: string, secret: string): Promise<void>
  delete(account: string): Promise<boolean>
}

export const KEYCHAIN_SERVICE = 'Userdeck'

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory'
  private readonly secrets = new Map<string, string>()
  async ready() {}
  async get(account: string) {
    return this.secrets.get(account) ?? null
  }
  async set(account: string, secret: string) {
    this.secrets.set(account, secret)
  }
  async delete(account: string) {
    return this.secrets.delete(account)
  }
}

export function keychainUnavailable(detail: string): AppErrorException {
  return new AppErrorException(
    appError(
      'keychain_unavailable',
      `No OS keychain is reachable (${detail}). Keys can be kept in memory for this run only; on Linux, start a Secret Service such as gnome-keyring to keep them.`,
    ),
  )
}
