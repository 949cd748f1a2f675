/** `userdeck projects …` and the ad-hoc project flags. Stored keys need the real keychain (see keychain.test.ts). */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ProjectView } from '@shared/models'
import { runCliPatiently } from '../helpers/run-cli'
import { probeKeychainPatiently } from '../helpers/keychain'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { sandbox } from './fixtures'

const hasKeychain = (await probeKeychainPatiently()).available
const KEY = `standard_cli_${Date.now()}_0123456789abcdefQRST`

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

describe('userdeck projects (CLI)', () => {
  const dataDir = tempDir()
  const cli = async (args: string[], env: NodeJS.ProcessEnv = {}, stdin = '') => {
    const io = captureIo(env, stdin)
    const code = await runCliPatiently(['--data-dir', dataDir, ...args], io)
    return { code, out: io.stdout, err: io.stderr }
  }

  it('serves any project command against a project named by URL, with the key from the environment', async () => {
    const sb = await sandbox({ apiKey: KEY })
    const run = await cli(
      [
        '--json',
        'users',
        'list',
        '--endpoint',
        sb.url,
        '--project-id',
        'shop',
        '--key-env',
        'SHOP_KEY',
        '--limit',
        '2',
      ],
      { SHOP_KEY: KEY },
    )
    expect(run.err).toBe('')
    expect(run.code).toBe(0)
    expect((JSON.parse(run.out) as { total: number }).total).toBe(5)
    const list = await cli(['--json', 'projects', 'list'])
    expect((JSON.parse(list.out) as ProjectView[]).map((p) => p.endpoint)).not.toContain(sb.url)

    const half = await cli(['users', 'list', '--endpoint', sb.url, '--key-env', 'SHOP_KEY'], {
      SHOP_KEY: KEY,
    })
    expect(half.code).toBe(2)
    expect(half.err).toContain('--project-id')
  })

  it('never takes a key from an argument', async () => {
    const run = await cli([
      'projects',
      'add',
      '--name',
      'X',
      '--endpoint',
      'http://127.0.0.1:1/v1',
      '--project-id',
      'x',
      '--key',
      KEY,
    ])
    expect(run.code).not.toBe(0)
    expect(run.err).toContain("unknown option '--key'")
    const none = await cli([
      'projects',
      'add',
      '--name',
      'X',
      '--endpoint',
      'http://127.0.0.1:1/v1',
      '--project-id',
      'x',
    ])
    expect(none.code).toBe(2)
    expect(none.err).toContain('standard input')
  })

  it.skipIf(!hasKeychain)(
    'adds (key from stdin or --key-env), lists, checks, exports, imports and removes',
    async () => {
      const sb = await sandbox({ apiKey: KEY, scopes: ['users.read'] })
      const add = await cli(
        [
          'projects',
          'add',
          '--name',
          'Shop EU',
          '--endpoint',
          sb.url,
          '--project-id',
          'shop',
          '--tag',
          'production',
          '--colour',
          'red',
        ],
        {},
        `${KEY}\n`,
      )
      expect(add.err).toBe('')
      expect(add.code).toBe(0)
      expect(add.out).toContain('read write ✗')

      const list = await cli(['--json', 'projects', 'list'])
      const views = JSON.parse(list.out) as ProjectView[]
      const shop = views.find((p) => p.name === 'Shop EU')!
      expect(shop).toMatchObject({ tag: 'production', colour: 'red', scopes: { read: true, write: false } })
      expect(list.out).not.toContain(KEY)

      const human = await cli(['projects', 'list'])
      // A production project starts at "confirm every write", and the list says so beside its name.
      expect(human.out).toMatch(/Shop EU \(confirm\)\s+production/)
      expect(human.out).toContain(`…${KEY.slice(-4)}`)

      expect((await cli(['projects', 'check', 'shop eu'])).code).toBe(0)
      const users = await cli(['--json', 'users', 'list', '--project', 'Shop EU'])
      expect(users.code).toBe(0)

      const exported = join(dataDir, 'projects-export.json')
      expect((await cli(['projects', 'export', '--out', exported])).code).toBe(0)
      expect(readFileSync(exported, 'utf8')).not.toContain(KEY)

      expect((await cli(['projects', 'remove', 'Shop EU'])).err).toContain('confirmation_required')
      // Removing a production project also needs its stored key: from standard input or --proof-env.
      const unproven = await cli(['projects', 'remove', 'Shop EU', '--confirm', 'Shop EU'])
      expect(unproven.code).toBe(1)
      expect(unproven.err).toContain('proof_required')
      expect(unproven.err).toContain('--proof-env')
      const guessed = await cli(
        ['projects', 'remove', 'Shop EU', '--confirm', 'Shop EU', '--proof-env', 'G'],
        {
          G: 'standard_guess_0123456789',
        },
      )
      expect(guessed.err).toContain('proof_invalid')
      expect(
        (await cli(['projects', 'remove', 'Shop EU', '--confirm', 'Shop EU'], {}, `${KEY}\n`)).code,
      ).toBe(0)

      const imported = await cli(['projects', 'import', exported])
      expect(imported.out).toContain('1 added, 0 skipped')
      const keyed = await cli(['projects', 'set-key', 'Shop EU', '--key-env', 'K'], { K: KEY })
      expect(keyed.code).toBe(0)
      // Deleting the accepted key of a production project needs it too.
      const kept = await cli(['projects', 'delete-key', 'Shop EU'])
      expect(kept.code).toBe(1)
      expect(kept.err).toContain('proof_required')
      expect(kept.err).toContain('--proof-env')
      const wrong = await cli(['projects', 'delete-key', 'Shop EU', '--proof-env', 'G'], {
        G: 'standard_guess_0123456789',
      })
      expect(wrong.err).toContain('proof_invalid')

      expect((await cli(['projects', 'edit', 'Shop EU', '--project-id', 'nope'])).err).toContain(
        'proof_required',
      )
      const broken = await cli(['projects', 'edit', 'Shop EU', '--project-id', 'nope', '--proof-env', 'K'], {
        K: KEY,
      })
      expect(broken.code).toBe(0)
      const check = await cli(['projects', 'check', 'Shop EU'])
      expect(check.code).toBe(1)
      expect(check.out).toContain('No project with this id')
      // Moved to a project id its server does not know, the key is accepted nowhere: deleting it asks nothing.
      const deleted = await cli(['projects', 'delete-key', 'Shop EU'])
      expect(deleted.err).toBe('')
      expect(deleted.code).toBe(0)

      for (const file of filesUnder(dataDir)) expect(readFileSync(file, 'latin1'), file).not.toContain(KEY)
    },
  )

  it.skipIf(!hasKeychain)(
    'saves a project whose test fails only with --save-anyway, and refuses a bad endpoint naming it',
    async () => {
      const sb = await sandbox({ apiKey: KEY })
      const add = (name: string, endpoint: string, ...more: string[]) =>
        cli(
          ['projects', 'add', '--name', name, '--endpoint', endpoint, '--project-id', 'elsewhere', ...more],
          {
            K: KEY,
          },
        )
      const names = async () =>
        (JSON.parse((await cli(['--json', 'projects', 'list'])).out) as ProjectView[]).map((p) => p.name)

      const failed = await add('Wrong id', sb.url, '--key-env', 'K')
      expect(failed.code).not.toBe(0)
      expect(failed.err).toContain(
        'error (project_not_found): The connection test failed, so nothing was saved',
      )
      expect(failed.err).toContain('--save-anyway')
      expect(await names()).not.toContain('Wrong id')

      const kept = await add('Wrong id', sb.url, '--key-env', 'K', '--save-anyway')
      expect(kept.code).toBe(1)
      expect(kept.out).toContain('status    error')
      expect(await names()).toContain('Wrong id')

      const noV1 = await add('No v1', 'https://fra.cloud.appwrite.io', '--key-env', 'K')
      expect(noV1.err).toContain('--endpoint: An Appwrite endpoint ends in /v1')
      expect(noV1.err).toContain('Did you mean https://fra.cloud.appwrite.io/v1?')

      const plain = await add('Plain', 'http://evil.example/v1', '--key-env', 'K')
      expect(plain.err).toContain(
        '--endpoint: Plain http:// would send the API key unencrypted to evil.example',
      )
      expect(plain.err).toContain('--allow-insecure-http')
      expect(await names()).not.toContain('No v1')
      expect(await names()).not.toContain('Plain')
    },
  )
})
