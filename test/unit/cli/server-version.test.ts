import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

/**
 * A project on self-hosted Appwrite 1.9.5: its check reads the version, `projects list/check` show it,
 * and a flag that release would answer with 400 is refused before the server is asked, with the reason.
 */
describe('userdeck and the Appwrite version of a project', () => {
  const dataDir = tempDir()
  const key = 'version-key-0123456789'
  const env = { VERSION_KEY: key }
  let old: RunningSandbox
  let latest: RunningSandbox

  beforeAll(async () => {
    old = await startSandbox({
      projectId: 'v195',
      apiKey: key,
      seed: 4,
      quiet: true,
      appwriteVersion: '1.9.5',
    })
    latest = await startSandbox({ projectId: 'vnew', apiKey: key, seed: 4, quiet: true })
  })
  afterAll(async () => {
    await old.close()
    await latest.close()
  })

  const run = async (...argv: string[]) => {
    const io = captureIo(env)
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, io }
  }
  const add = (name: string, sb: RunningSandbox) =>
    run(
      'projects',
      'add',
      '--name',
      name,
      '--endpoint',
      sb.url,
      '--project-id',
      sb.projectId,
      '--key-env',
      'VERSION_KEY',
    )

  it('shows the version a check read', async () => {
    expect((await add('Old', old)).code).toBe(0)
    expect((await add('New', latest)).code).toBe(0)
    const check = await run('projects', 'check', 'Old')
    expect(check.io.stdout).toMatch(/server +Appwrite 1\.9\.5/)
    const list = await run('projects', 'list')
    expect(list.io.stdout).toMatch(/Old .*Appwrite 1\.9\.5/)
    expect(list.io.stdout).toMatch(/New .*Appwrite \(latest\)/)
    const json = await run('--json', 'projects', 'list')
    const views = JSON.parse(json.io.stdout) as { name: string; server: unknown }[]
    expect(views.find((v) => v.name === 'Old')?.server).toEqual({ version: '1.9.5', cloud: false })
  })

  it('refuses a last-access sort or filter on 1.9.5 with the reason, exit 2, before asking the server', async () => {
    for (const flags of [
      ['--sort', 'accessedAt:desc'],
      ['--accessed-after', '2026-01-01'],
    ]) {
      const refused = await run('users', 'list', '--project', 'Old', ...flags)
      expect(refused.code).toBe(2)
      expect(refused.io.stderr).toContain(`${flags[0]}: Appwrite 1.9.5 cannot sort or filter by last access.`)
    }
    // invalid_input is Userdeck's own refusal; the server's 400 would be invalid_request.
    const json = await run('--json', 'users', 'list', '--project', 'Old', '--sort', 'accessedAt')
    expect(JSON.parse(json.io.stdout)).toMatchObject({ error: { code: 'invalid_input', field: 'sort' } })
  })

  it('offers them where the server has them', async () => {
    for (const flags of [
      ['--sort', 'accessedAt:desc'],
      ['--accessed-after', '2020-01-01'],
    ]) {
      const listed = await run('users', 'list', '--project', 'New', ...flags)
      expect(listed.io.stderr).toBe('')
      expect(listed.code).toBe(0)
    }
  })

  it('refuses it for a project named by its address too: the version is read first', async () => {
    const refused = await run(
      'users',
      'list',
      '--endpoint',
      old.url,
      '--project-id',
      'v195',
      '--key-env',
      'VERSION_KEY',
      '--sort',
      'accessedAt',
    )
    expect(refused.code).toBe(2)
    expect(refused.io.stderr).toContain('Appwrite 1.9.5 cannot sort or filter by last access.')
  })

  it('asks the version only of a request that depends on it', async () => {
    const asked: string[] = []
    // Nothing is held: the hold's filter only sees each request go by.
    const watching = old.hold({ match: ({ method, path }) => (asked.push(`${method} ${path}`), false) })
    const byAddress = ['--endpoint', old.url, '--project-id', 'v195', '--key-env', 'VERSION_KEY']
    expect((await run('users', 'list', '--limit', '2', ...byAddress)).code).toBe(0)
    expect(asked).toEqual(['GET /v1/users'])

    asked.length = 0
    expect((await run('users', 'list', '--sort', 'accessedAt', ...byAddress)).code).toBe(2)
    expect(asked).toEqual(['GET /v1/health/version'])
    watching.release()
  })
})
