import { describe, expect, it } from 'vitest'
import { spawnSync } from 'node:child_process'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'

describe('userdeck CLI', () => {
  const dataDir = tempDir()

  it('prints help naming its commands', async () => {
    const io = captureIo()
    expect(await runCliPatiently(['--help'], io)).toBe(0)
    expect(io.stdout).toContain('users')
    expect(io.stdout).toContain('--data-dir')
  })

  it('lists the demo users as JSON', async () => {
    const io = captureIo()
    const code = await runCliPatiently(['--data-dir', dataDir, '--json', 'users', 'list', '--limit', '5'], io)
    expect(io.stderr).toBe('')
    expect(code).toBe(0)
    const page = JSON.parse(io.stdout) as { users: { id: string; email: string }[]; total: number }
    expect(page.users).toHaveLength(5)
    expect(page.total).toBeGreaterThan(5)
  })

  it('lists as a table for people, and reports bad input with exit code 2', async () => {
    const io = captureIo()
    expect(await runCliPatiently(['--data-dir', dataDir, 'users', 'list', '--limit', '3'], io)).toBe(0)
    expect(io.stdout).toMatch(/^ID\s+NAME\s+EMAIL/)
    const bad = captureIo()
    expect(await runCliPatiently(['--data-dir', dataDir, 'users', 'list', '--limit', '0'], bad)).toBe(2)
    expect(bad.stderr).toContain('invalid_input')
    expect(bad.stderr).toContain('limit')
  })

  it('runs as the `userdeck` bin with USERDECK_DATA_DIR', () => {
    const run = spawnSync(process.execPath, ['bin/userdeck.mjs', '--json', 'users', 'list', '--limit', '2'], {
      encoding: 'utf8',
      env: { ...process.env, USERDECK_DATA_DIR: dataDir },
    })
    expect(run.stderr).toBe('')
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout).users).toHaveLength(2)
  })
})
