import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

/** `userdeck stats --all` over two stored projects, one of whose servers has stopped answering. */
describe('userdeck stats --all', () => {
  const dataDir = tempDir()
  const key = 'stats-key-0123456789'
  let up: RunningSandbox
  let down: RunningSandbox

  const run = async (...argv: string[]) => {
    const io = captureIo({ STATS_KEY: key })
    const code = await runCliPatiently(['--data-dir', dataDir, ...argv], io)
    return { code, io }
  }

  beforeAll(async () => {
    up = await startSandbox({ projectId: 'up', apiKey: key, seed: 7, quiet: true })
    down = await startSandbox({ projectId: 'down', apiKey: key, seed: 3, quiet: true })
    for (const sb of [up, down]) {
      const added = await run(
        'projects',
        'add',
        '--name',
        sb.projectId,
        '--endpoint',
        sb.url,
        '--project-id',
        sb.projectId,
        '--key-env',
        'STATS_KEY',
      )
      expect(added.io.stderr).toBe('')
    }
    await down.close()
  })
  afterAll(() => up.close())

  it('counts the projects that answer, names the one that does not and why, and exits 1', async () => {
    const text = await run('stats', '--all')
    expect(text.code).toBe(1)
    const notCounted = text.io.stdout.split('\n').filter((row) => row.includes('not counted'))
    expect(notCounted).toHaveLength(1)
    expect(notCounted[0]).toMatch(/^down +- /)
    expect(text.io.stderr).toMatch(/^warning: down not counted: Could not reach/m)

    const json = await run('--json', 'stats', '--all')
    expect(json.code).toBe(1)
    const list = JSON.parse(json.io.stdout) as ({ users: number } | { error: { code: string } })[]
    // The demo, the project that answers, and the one that does not.
    expect(list).toHaveLength(3)
    expect(list.filter((s) => 'users' in s && s.users === 7)).toHaveLength(1)
    expect(list.filter((s) => 'error' in s)).toHaveLength(1)
  })
})
