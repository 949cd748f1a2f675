import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SignInSecret, TargetWrite } from '@shared/models/access'
import type { UserRecord } from '@shared/models'
import { runCliPatiently } from '../helpers/run-cli'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { usersFor } from '../sandbox/helpers'

function textOfFiles(dir: string): string {
  let all = ''
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    all += statSync(path).isDirectory() ? textOfFiles(path) : readFileSync(path, 'latin1')
  }
  return all
}

describe('userdeck users identities|targets|sign-in against a sandbox named by URL', () => {
  const dataDir = tempDir()
  let sb: RunningSandbox
  const env = { DESK_KEY: 'desk-key' }
  const run = async (args: string[], json = true) => {
    const io = captureIo(env)
    const project = ['--endpoint', sb.url, '--project-id', 'desk', '--key-env', 'DESK_KEY']
    const code = await runCliPatiently(
      ['--data-dir', dataDir, ...(json ? ['--json'] : []), ...args, ...project],
      io,
    )
    return { code, out: io.stdout, err: io.stderr, json: <T>() => JSON.parse(io.stdout) as T }
  }

  beforeAll(async () => {
    sb = await startSandbox({ projectId: 'desk', apiKey: 'desk-key', seed: 100, quiet: true })
    await usersFor(sb, 'desk-key', 'desk').create({ userId: 'ada', email: 'ada@example.com' })
  })
  afterAll(() => sb.close())

  it('adds, edits and removes a target, refusing a bad identifier with exit 2', async () => {
    const bad = await run(['users', 'targets', 'add', 'ada', '--type', 'email', '--identifier', 'nope'])
    expect(bad.code).toBe(2)
    expect(bad.json<{ error: { field: string } }>().error.field).toBe('identifier')
    const added = await run([
      'users',
      'targets',
      'add',
      'ada',
      '--type',
      'sms',
      '--identifier',
      '+14155550100',
      '--id',
      'ada-sms',
    ])
    expect(added.code).toBe(0)
    expect(added.json<TargetWrite>()).toMatchObject({ undoable: true, target: { id: 'ada-sms' } })
    const edited = await run(['users', 'targets', 'update', 'ada', 'ada-sms', '--name', 'Mobile'])
    expect(edited.json<TargetWrite>().target?.name).toBe('Mobile')
    const renamed = await run(['users', 'targets', 'update', 'ada', 'ada-sms', '--name', 'Cell'], false)
    expect(renamed.out).toMatch(/^undo: userdeck users undo [0-9a-f-]{36}$/m)
    const unconfirmed = await run(['users', 'targets', 'remove', 'ada', 'ada-sms'])
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.out).toMatch(/cannot be undone/)
    expect((await run(['users', 'targets', 'remove', 'ada', 'ada-sms', '--yes'])).code).toBe(0)
  })

  it('unlinks an identity only with --yes', async () => {
    const identities = await usersFor(sb, 'desk-key', 'desk').listIdentities()
    const identity = identities.identities[0]!
    const listed = await run(['users', 'identities', 'list', identity.userId], false)
    expect(listed.out).toContain(identity.$id)
    expect((await run(['users', 'identities', 'unlink', identity.userId, identity.$id])).code).toBe(2)
    const done = await run(['users', 'identities', 'unlink', identity.userId, identity.$id, '--yes'])
    expect(done.code).toBe(0)
  })

  it('prints secrets in text, leaves them out of JSON unless named, and keeps them out of the data folder', async () => {
    const link = await run([
      'users',
      'sign-in',
      'link',
      '--set',
      'https://app.example.com/in?u={userId}&s={secret}',
    ])
    expect(link.code).toBe(0)
    const text = await run(['users', 'sign-in', 'token', 'ada', '--length', '16'], false)
    const tokenSecret = /^([0-9a-f]{16})$/m.exec(text.out)?.[1]
    expect(tokenSecret).toBeDefined()
    expect(text.out).toContain(`https://app.example.com/in?u=ada&s=${tokenSecret}`)
    const hidden = await run(['users', 'sign-in', 'session', 'ada'])
    const withheld = hidden.json<Partial<SignInSecret> & { secretOmitted: boolean }>()
    expect(withheld).toMatchObject({ kind: 'session', secretOmitted: true })
    expect(withheld.secret).toBeUndefined()
    const shown = await run(['users', 'sign-in', 'session', 'ada', '--include-secret'])
    const session = shown.json<SignInSecret>()
    expect(session.secret.length).toBeGreaterThan(100)
    const jwtText = await run(
      ['users', 'sign-in', 'jwt', 'ada', '--session-id', 'recent', '--duration', '60'],
      false,
    )
    const jwt = /^(ey[\w-]+\.[\w-]+\.[\w-]+)$/m.exec(jwtText.out)?.[1]
    expect(jwt).toBeDefined()
    const tooLong = await run(['users', 'sign-in', 'jwt', 'ada', '--duration', '3601'])
    expect(tooLong.code).toBe(2)
    const stored = textOfFiles(dataDir)
    for (const secret of [tokenSecret!, session.secret, jwt!]) expect(stored.includes(secret)).toBe(false)
  })

  it('toggles and filters the impersonator flag', async () => {
    const on = await run(['users', 'update', 'ada', '--impersonator', 'true'])
    expect(on.json<{ user: UserRecord }>().user.impersonator).toBe(true)
    const listed = await run(['users', 'list', '--impersonator', 'true', '--limit', '500'])
    const ids = listed.json<{ users: UserRecord[] }>().users.map((u) => u.id)
    expect(ids).toContain('ada')
    const text = await run(['users', 'get', 'ada'], false)
    expect(text.out).toMatch(/impersonator\s+yes/)
  })
})
