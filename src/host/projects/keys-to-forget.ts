import { join } from 'node:path'
import { readPrivateJson, writePrivateJson } from '../private-files'
import type { SecretStore } from './secret-store'

interface ForgetFile {
  version: 1
  /** Keychain accounts (project entry ids) whose stored key is to be deleted. */
  accounts: string[]
}

/**
 * Keys of projects removed while the run's keychain was out: the project left the registry, and its
 * key stayed in the keychain, which could not be asked to delete it. Each is written down here, one
 * small file beside the registry, and deleted the next time a run finds the keychain answering. An id
 * is a random entry id, never given again, so no later project's key can be the one deleted.
 */
export class KeysToForget {
  private readonly file: string

  /** @param setAside told where a damaged file was renamed to (see `readPrivateJson`). */
  constructor(
    dataDir: string,
    private readonly setAside: (keptAs: string) => void,
  ) {
    this.file = join(dataDir, 'keys-to-forget.json')
  }

  /** Read each time: a window and a command line share the data folder, and either may add. */
  list(): string[] {
    return readPrivateJson(this.file, accountsOf, this.setAside) ?? []
  }

  add(account: string): void {
    const accounts = this.list()
    if (!accounts.includes(account)) this.write([...accounts, account])
  }

  /**
   * Deletes each written-down key from the keychain, and strikes out those deleted; one the keychain
   * refuses stays for the next run. `inUse` spares, and strikes out, an account a project has again
   * (a registry file restored by hand): its key is that project's.
   */
  async forget(keychain: SecretStore, inUse: (account: string) => boolean): Promise<void> {
    const asked = this.list()
    const done = new Set<string>()
    for (const account of asked) {
      if (!inUse(account)) {
        try {
          await keychain.delete(account)
        } catch {
          continue
        }
      }
      done.add(account)
    }
    // What another process added meanwhile stays.
    if (done.size > 0) this.write(this.list().filter((account) => !done.has(account)))
  }

  private write(accounts: string[]): void {
    const body: ForgetFile = { version: 1, accounts }
    writePrivateJson(this.file, body)
  }
}

function accountsOf(stored: unknown): string[] {
  const { accounts } = stored as ForgetFile
  if (!Array.isArray(accounts) || !accounts.every((a) => typeof a === 'string'))
    throw new TypeError('not accounts')
  return accounts
}
