import { describe, expect, it } from 'vitest'
import { KeysToForget } from '../../../src/host/projects/keys-to-forget'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'

/** A store that refuses to delete one account, as a keychain that fails mid-way. */
class RefusingStore extends MemorySecretStore {
  constructor(private readonly refused: string) {
    super()
  }
  override async delete(account: string) {
    if (account === this.refused) throw new Error('the keychain refused')
    return super.delete(account)
  }
}

describe('keys written down to forget', () => {
  it('deletes each once, keeps one the keychain refused, and spares a project that has its id', async () => {
    const dataDir = tempDir()
    const store = new RefusingStore('refused')
    for (const account of ['gone', 'refused', 'back']) await store.set(account, `key-${account}`)
    const keys = new KeysToForget(dataDir, () => undefined)
    for (const account of ['gone', 'refused', 'back', 'gone']) keys.add(account)
    // Another process (a window beside the command line) reads what this one wrote.
    expect(new KeysToForget(dataDir, () => undefined).list()).toEqual(['gone', 'refused', 'back'])

    await keys.forget(store, (account) => account === 'back')
    expect(await store.get('gone')).toBeNull()
    expect(await store.get('refused')).toBe('key-refused')
    expect(await store.get('back')).toBe('key-back')
    expect(keys.list()).toEqual(['refused'])
  })
})
