import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import type { SecretStore } from '../../../src/host/projects/secret-store'

/**
 * A keychain stand-in that several processes of one test share: a JSON file outside the data folder.
 * Tests whose Userdeck is killed and started again need the same keychain on both sides, as the OS
 * keychain would be; the keytar store itself is tested against a real Secret Service.
 */
export class FileKeychain implements SecretStore {
  readonly kind = 'keychain'
  constructor(private readonly file: string) {}
  async ready() {}

  private read(): Record<string, string> {
    return existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>)
      : {}
  }
  async get(account: string) {
    return this.read()[account] ?? null
  }
  async set(account: string, secret: string) {
    writeFileSync(this.file, JSON.stringify({ ...this.read(), [account]: secret }))
  }
  async delete(account: string) {
    const all = this.read()
    const had = account in all
    delete all[account]
    writeFileSync(this.file, JSON.stringify(all))
    return had
  }
}
