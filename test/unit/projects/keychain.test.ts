/**
 * Against the real Secret Service. Run inside a D-Bus session with gnome-keyring unlocked:
 *   dbus-run-session -- sh -c 'echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null; npx vitest run test/unit/projects'
 * Without one these tests are skipped (and say why), since no other store may stand in for the keychain.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fork } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import keytar from 'keytar'
import { KEYCHAIN_SERVICE } from '../../../src/host/projects/secret-store'
import { loadKeytarStore } from '../../../src/host/projects/keytar-store'
import { PATIENT_KEYCHAIN_MS, patientProbe, probeKeychainPatiently } from '../helpers/keychain'
import { tempDir } from '../helpers/temp-dir'
import { createHostInternals, type HostOptions } from '../../../src/host/host'
import type { ProjectView } from '@shared/models'
import type { ProbeOutcome } from '../../../src/host/projects/keychain-probe'
import { sandbox, service } from './fixtures'

const probed = await probeKeychainPatiently()
const keychain = probed.available ? await loadKeytarStore() : null
if (!probed.available) console.warn(`keychain tests skipped: ${probed.reason} ${probed.detail ?? ''}`)

describe.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)('the keychain probe on a session bus', () => {
  it('finds the Secret Service answering, from a process of its own', () => {
    expect(probed).toEqual({ available: true })
  })
})

describe.skipIf(!keychain)('the keychain probe beside other processes writing keys', () => {
  it('answers every time while two other processes store and delete keys', async () => {
    const service = `Userdeck-probe-test-${process.pid}`
    const writer = fileURLToPath(new URL('../../fixtures/keychain-writer.mjs', import.meta.url))
    const writers = [1, 2].map((i) => fork(writer, [service, `writer-${i}`], { execArgv: [] }))
    await Promise.all(writers.map((w) => once(w, 'message')))
    const outcomes: ProbeOutcome[] = []
    // Three at a time, as parallel test files and a window and a CLI command start theirs.
    for (let round = 0; round < 4; round++)
      outcomes.push(...(await Promise.all([1, 2, 3].map(() => patientProbe({ service }).outcome))))
    const ended = writers.map((w) => once(w, 'exit'))
    for (const w of writers) w.disconnect()
    await Promise.all(ended)
    expect(outcomes).toEqual(outcomes.map(() => ({ available: true })))
  })
})

const crashingProbe = {
  path: fileURLToPath(new URL('../../fixtures/keychain-probes/crashes.mjs', import.meta.url)),
}

const KEY = `standard_keychain_${Date.now()}_abcdefghijklmnop`

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe.skipIf(!keychain)('keys in the OS keychain', () => {
  it('stores the key under service Userdeck, account = entry id, and nowhere on disk', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const { projects, dataDir } = service(keychain!)
    const view = await projects.add({
      name: 'Keychain shop',
      endpoint: sb.url,
      projectId: 'shop',
      colour: 'blue',
      tag: 'development',
      key: KEY,
    })
    expect(KEYCHAIN_SERVICE).toBe('Userdeck')
    expect(await keytar.getPassword('Userdeck', view.id)).toBe(KEY)
    expect(view.key).toEqual({ present: true, lastFour: KEY.slice(-4), inMemoryOnly: false })
    for (const file of filesUnder(dataDir)) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY)

    // A new process over the same data folder finds the key again.
    const restarted = service(keychain!, { dataDir })
    const { clients } = await restarted.projects.resolve(view.id)
    expect((await clients.users.list()).total).toBe(5)
    await projects.remove(view.id)
  })

  it('replaces a key only when asked, deletes it when asked, and removes it with the project', async () => {
    const sb = await sandbox({ apiKey: `${KEY}_2` })
    const { projects } = service(keychain!)
    const view = await projects.add({
      name: 'Rotating',
      endpoint: sb.url,
      projectId: 'shop',
      colour: 'blue',
      tag: 'development',
      key: KEY,
    })
    expect(view.reach.code).toBe('key_invalid')
    const replaced = await projects.setKey(view.id, `${KEY}_2`)
    expect(replaced.reach.state).toBe('online')
    expect(await keytar.getPassword('Userdeck', view.id)).toBe(`${KEY}_2`)

    await projects.deleteKey(view.id)
    expect(await keytar.getPassword('Userdeck', view.id)).toBeNull()
    await projects.setKey(view.id, `${KEY}_2`)

    await projects.remove(view.id)
    expect(await keytar.getPassword('Userdeck', view.id)).toBeNull()
  })
  it('deletes the key of a project removed while the keychain was out, once the keychain answers', async () => {
    const dataDir = tempDir()
    const run = (options: Partial<HostOptions>) =>
      createHostInternals({ dataDir, shell: 'cli', demo: false, ...options })
    const stored = await run({ secrets: keychain! })
    const added = await stored.dispatch('projects.add', {
      name: 'Gone',
      endpoint: 'http://127.0.0.1:9/v1',
      projectId: 'shop',
      key: KEY,
    })
    await stored.close()
    if (!added.ok) throw new Error(added.error.message)
    const { id } = added.value as ProjectView

    // A run whose keychain crashed: the project goes, and its stored key cannot be asked to go.
    const out = await run({ keychainProbe: { script: crashingProbe, timeoutMs: PATIENT_KEYCHAIN_MS } })
    expect(await out.dispatch('projects.remove', { project: id })).toMatchObject({ ok: true })
    await out.close()
    expect(await keytar.getPassword('Userdeck', id)).toBe(KEY)
    const forgetFile = join(dataDir, 'keys-to-forget.json')
    expect(JSON.parse(readFileSync(forgetFile, 'utf8'))).toEqual({ version: 1, accounts: [id] })

    // The next run whose keychain answers deletes it, unasked.
    const back = await run({ keychainProbe: { timeoutMs: PATIENT_KEYCHAIN_MS } })
    try {
      await expect.poll(() => keytar.getPassword('Userdeck', id), { timeout: 60_000 }).toBeNull()
      await expect
        .poll(() => JSON.parse(readFileSync(forgetFile, 'utf8')) as unknown, { timeout: 60_000 })
        .toEqual({ version: 1, accounts: [] })
    } finally {
      await back.close()
    }
  })
})
