import type { SecretStore } from './secret-store'
import { KEYCHAIN_SERVICE, keychainUnavailable } from './secret-store'

import type * as KeytarModule from 'keytar'

type Keytar = typeof KeytarModule

/** A locked keyring can leave a call waiting on a prompt nobody sees; give up rather than hang. */
const KEYCHAIN_TIMEOUT_MS = 10_000

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(keychainUnavailable(`${what} timed out; is the keyring locked?`)),
      KEYCHAIN_TIMEOUT_MS,
    )
    promise.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(keychainUnavailable(e instanceof Error ? e.message : String(e)))
      },
    )
  })
}

export class KeytarSecretStore implements SecretStore {
  readonly kind = 'keychain'
  constructor(
    private readonly keytar: Keytar,
    private readonly service = KEYCHAIN_SERVICE,
  ) {}

  async ready() {}
  get(account: string) {
    return withTimeout(this.keytar.getPassword(this.service, account), 'reading a key')
  }
  set(account: string, secret: string) {
    return withTimeout(this.keytar.setPassword(this.service, account, secret), 'storing a key')
  }
  delete(account: string) {
    return withTimeout(this.keytar.deletePassword(this.service, account), 'deleting a key')
  }
}

/**
 * The keychain through keytar, in this process. Only once the probe (keychain-probe.ts) has found, in
 * a process of its own, that the keychain answers without crashing or hanging.
 */
export async function loadKeytarStore(service = KEYCHAIN_SERVICE): Promise<KeytarSecretStore> {
  const mod = (await import('keytar')) as Keytar & { default?: Keytar }
  return new KeytarSecretStore(mod.default ?? mod, service)
}
