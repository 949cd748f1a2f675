import { describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import type { JobView } from '@shared/models/jobs'
import { startSandbox } from '../../../src/sandbox'
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'
import { captureIo } from '../helpers/capture-io'
import { runCliPatiently } from '../helpers/run-cli'

const bin = join(import.meta.dirname, '../../../bin/userdeck.mjs')
const KEY = 'cancel_elsewhere_key_0123456789'

/**
 * A job another Userdeck process runs (the CLI, while the window is open on the same data folder):
 * that process would not see a cancel written here, and would run every row while this one said
 * "cancelled". The cancel is refused, with where to cancel it; once that run has ended, this process
 * sees it as it ended, and does not take it for still running.
 */
describe('cancelling a job another process runs', { timeout: 120_000 }, () => {
  it('is refused with where it runs; that run goes on to its end, which this process then sees', async () => {
    const sandbox = await startSandbox({
      port: 0,
      projectId: 'elsewhere',
      apiKey: KEY,
      seed: 40,
      quiet: true,
    })
    const dataDir = tempDir()
    // The server labels 5 users, then holds the rest: the other process's job runs for as long as the test needs.
    const hold = sandbox.hold({ after: 5, match: ({ method }) => method !== 'GET' })
    const child = spawn(
      process.execPath,
      [
        bin,
        '--data-dir',
        dataDir,
        '--json',
        'labels',
        'add',
        '--all',
        '--labels',
        'elsewhere',
        '--yes',
        '--endpoint',
        sandbox.url,
        '--project-id',
        'elsewhere',
        '--key-env',
        'ELSEWHERE_KEY',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '', ELSEWHERE_KEY: KEY },
      },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    const here = await createHostInternals({
      dataDir,
      shell: 'cli',
      secrets: new MemorySecretStore(),
      demo: false,
    })
    try {
      await hold.reached()
      const listed = await here.dispatch('jobs.list', {})
      const [job] = (listed.ok ? listed.value : []) as JobView[]
      // Said to be another process's, which only that process can pause or cancel.
      expect(job).toMatchObject({ state: 'running', runningIn: child.pid })

      const io = captureIo()
      expect(await runCliPatiently(['--data-dir', dataDir, 'jobs', 'show', job!.id], io)).toBe(0)
      expect(io.stdout).toMatch(
        new RegExp(`^${job!.id}  running \\(in another Userdeck process, pid ${child.pid}\\)  `),
      )

      const cancel = await here.dispatch('jobs.cancel', { jobId: job!.id })
      expect(cancel.ok || cancel.error).toMatchObject({
        code: 'conflict',
        message: `This job is running in another Userdeck process (pid ${child.pid}); cancel it there. Stopping that process leaves the job interrupted, and it can then be cancelled here.`,
      })

      hold.release()
      expect(await exited, err).toBe(0)
      const ended = JSON.parse(out) as JobView
      expect(ended).toMatchObject({ id: job!.id, state: 'completed', counts: { done: 40, failed: 0 } })
      expect([...sandbox.store.users.values()].every((u) => u.labels.includes('elsewhere'))).toBe(true)

      // This process saw it running: it sees it as it is now, finished, and a cancel leaves it so.
      const now = await here.dispatch('jobs.get', { jobId: job!.id })
      expect(now.ok && now.value).toMatchObject({
        state: 'completed',
        runningIn: null,
        counts: { done: 40, total: 40 },
      })
      const late = await here.dispatch('jobs.cancel', { jobId: job!.id })
      expect(late.ok && late.value).toMatchObject({ state: 'completed' })
      const listed2 = await here.dispatch('jobs.list', {})
      expect(listed2.ok && (listed2.value as JobView[])[0]).toMatchObject({ state: 'completed' })
    } finally {
      child.kill()
      hold.release()
      await here.close()
      await sandbox.close()
    }
  })
})
