/**
 * All shells share one data folder, and the demo project belongs to one process at a time. A CLI
 * command aimed at another project must work while a window holds the demo; one aimed at the demo
 * must say what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, Users } from 'node-appwrite'
import type { ProjectView } from '@shared/models'
import { runCliPatiently } from '../helpers/run-cli'
import { probeKeychainPatiently } from '../helpers/keychain'
import { DEMO_NOT_STARTED } from '../../../src/host/projects/demo-source'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

const KEY = `standard_held_${Date.now()}_0123456789abcdef`
const hasKeychain = (await probeKeychainPatiently()).available

/** Starts the holder and resolves once it holds the demo. */
function holdDemo(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'demo-holder.ts')], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, DATA_DIR: dataDir, DBUS_SESSION_BUS_ADDRESS: '' },
  })
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()))
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('holding') && resolve(child))
    child.on('exit', (code) => reject(new Error(`the holder exited (${code}): ${err}`)))
  })
}

describe('a CLI command while another process holds the demo project', () => {
  const dataDir = tempDir()
  let holder: ChildProcess
  let sandbox: RunningSandbox
  let users: Users
  const env = { SHOP_KEY: KEY }
  const connection = () => ['--endpoint', sandbox.url, '--project-id', 'shop', '--key-env', 'SHOP_KEY']

  beforeAll(async () => {
    sandbox = await startSandbox({ projectId: 'shop', apiKey: KEY, seed: 4, quiet: true })
    users = new Users(new Client().setEndpoint(sandbox.url).setProject('shop').setKey(KEY))
    holder = await holdDemo(dataDir)
  })
  afterAll(async () => {
    const exited = new Promise((resolve) => holder.once('exit', resolve))
    holder.stdin!.end()
    await exited
    await sandbox.close()
  })

  const cli = async (...argv: string[]) => {
    const io = captureIo(env)
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, out: io.stdout, err: io.stderr }
  }

  it('lists the projects without starting the demo', async () => {
    const listed = await cli('--json', 'projects', 'list')
    expect(listed.err).toBe('')
    expect(listed.code).toBe(0)
    const demo = (JSON.parse(listed.out) as ProjectView[]).find((p) => p.demo)
    expect(demo).toMatchObject({ id: 'demo', endpoint: DEMO_NOT_STARTED })
  })

  it('lists and edits a project named by URL', async () => {
    const listed = await cli('--json', 'users', 'list', ...connection())
    expect(listed.err).toBe('')
    expect(listed.code).toBe(0)
    expect((JSON.parse(listed.out) as { total: number }).total).toBe(4)
    const someone = (await users.list()).users[0]!
    const edited = await cli('users', 'update', someone.$id, '--name', 'Edited Elsewhere', ...connection())
    expect(edited.err).toBe('')
    expect(edited.code).toBe(0)
    expect((await users.get({ userId: someone.$id })).name).toBe('Edited Elsewhere')
  })

  it.skipIf(!hasKeychain)('lists and edits a stored project', async () => {
    const added = await cli(
      'projects',
      'add',
      '--name',
      'Held elsewhere shop',
      '--endpoint',
      sandbox.url,
      '--project-id',
      'shop',
      '--key-env',
      'SHOP_KEY',
    )
    expect(added.code).toBe(0)
    try {
      const listed = await cli('--json', 'users', 'list', '--project', 'Held elsewhere shop')
      expect(listed.code).toBe(0)
      expect((JSON.parse(listed.out) as { total: number }).total).toBe(4)
      const someone = (await users.list()).users[1]!
      const edited = await cli(
        'users',
        'update',
        someone.$id,
        '--name',
        'Stored Edit',
        '-p',
        'Held elsewhere shop',
      )
      expect(edited.code).toBe(0)
      expect((await users.get({ userId: someone.$id })).name).toBe('Stored Edit')
    } finally {
      // The key went to the real keychain: take it out again.
      await cli('projects', 'remove', 'Held elsewhere shop')
    }
  })

  it('refuses the demo with what to do, in CLI terms', async () => {
    const refused = await cli('users', 'list')
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(`open in another Userdeck process (pid ${holder.pid})`)
    expect(refused.err).toContain('--data-dir')
    expect(refused.err).toContain('--project')
  })
})
