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
 * Loads keytar and proves the keychain answers. Returns the reason when it does not: the native module
 * failed to load, or no Secret Service is on the session bus.
 */
export async function openKeychain(
  service = KEYCHAIN_SERVICE,
): Promise<{ store: KeytarSecretStore } | { error: string }> {
  let keytar: Keytar
  try {
    const mod = (await import('keytar')) as Keytar & { default?: Keytar }
    keytar = mod.default ?? mod
  } catch (err) {
    return {
      error: `keytar could not load: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
    }
  }
  try {
    await withTimeout(keytar.findCredentials(service), 'opening the keychain')
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) }
  }
  return { store: new KeytarSecretStore(keytar, service) }
}
