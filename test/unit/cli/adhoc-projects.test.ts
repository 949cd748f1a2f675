import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Client, Users } from 'node-appwrite'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

/** Every project-scoped command takes a connection in place of a stored project, for scripts. */
describe('project-scoped commands with --endpoint --project-id --key-env', () => {
  const dataDir = tempDir()
  const key = 'adhoc-key-0123456789'
  let sandbox: RunningSandbox
  let users: Users
  let connection: string[]
  const env = { SCRIPT_KEY: key }

  beforeAll(async () => {
    sandbox = await startSandbox({ projectId: 'scripted', apiKey: key, seed: 6, quiet: true })
    users = new Users(new Client().setEndpoint(sandbox.url).setProject('scripted').setKey(key))
    connection = ['--endpoint', sandbox.url, '--project-id', 'scripted', '--key-env', 'SCRIPT_KEY']
  })
  afterAll(() => sandbox.close())

  const run = async (...argv: string[]) => {
    const io = captureIo(env)
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, io }
  }

  it('labels add acts on that project', async () => {
    const { code, io } = await run('labels', 'add', ...connection, '--labels', 'scripted', '--all', '--yes')
    expect(io.stderr).not.toContain('error')
    expect(code).toBe(0)
    const all = await users.list()
    expect(all.users.every((u) => u.labels.includes('scripted'))).toBe(true)
  })

  it('sessions kill acts on that project', async () => {
    const before = await users.list()
    const someone = before.users.find((u) => u.status)!
    await users.createSession({ userId: someone.$id })
    const { code } = await run('sessions', 'kill', ...connection, '--user', someone.$id, '--yes')
    expect(code).toBe(0)
    expect((await users.listSessions({ userId: someone.$id })).total).toBe(0)
  })

  it('import goes into that project, and refuses to guess a project when none is named', async () => {
    const file = join(dataDir, 'people.csv')
    writeFileSync(file, 'email,name\nscripted.person@example.com,Scripted Person\n')
    const none = await run('import', file, '--yes')
    expect(none.code).toBe(2)
    expect(none.io.stderr).toContain('--project')
    const { code } = await run('import', file, ...connection, '--yes')
    expect(code).toBe(0)
    const found = await users.list({ search: 'Scripted' })
    expect(found.users.map((u) => u.email)).toContain('scripted.person@example.com')
  })

  it('never takes the key from an argument', async () => {
    const { code, io } = await run(
      'labels',
      'list',
      '--endpoint',
      sandbox.url,
      '--project-id',
      'scripted',
      '--key',
      key,
    )
    expect(code).not.toBe(0)
    expect(io.stdout + io.stderr).not.toContain(key)
  })
})
