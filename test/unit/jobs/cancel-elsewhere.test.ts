import { describe, expect, it } from 'vitest'
import type { JobView } from '@shared/models/jobs'
import { startSandbox } from '../../../src/sandbox'
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'
import { captureIo } from '../helpers/capture-io'
import { runCliPatiently } from '../helpers/run-cli'
import { labelEveryUserElsewhere } from '../helpers/cli-process'

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
    const other = labelEveryUserElsewhere(dataDir, sandbox, {
      projectId: 'elsewhere',
      key: KEY,
      label: 'elsewhere',
      json: true,
    })
    const pid = other.child.pid
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
      expect(job).toMatchObject({ state: 'running', runningIn: pid })

      const io = captureIo()
      expect(await runCliPatiently(['--data-dir', dataDir, 'jobs', 'show', job!.id], io)).toBe(0)
      expect(io.stdout).toMatch(
        new RegExp(`^${job!.id} {2}running \\(in another Userdeck process, pid ${pid}\\) {2}`),
      )

      const cancel = await here.dispatch('jobs.cancel', { jobId: job!.id })
      expect(cancel.ok || cancel.error).toMatchObject({
        code: 'conflict',
        message: `This job is running in another Userdeck process (pid ${pid}); cancel it there. Stopping that process leaves the job interrupted, and it can then be cancelled here.`,
      })

      hold.release()
      expect(await other.exited, other.stderr()).toBe(0)
      const ended = JSON.parse(other.stdout()) as JobView
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
      const listedAgain = await here.dispatch('jobs.list', {})
      expect(listedAgain.ok && (listedAgain.value as JobView[])[0]).toMatchObject({ state: 'completed' })
    } finally {
      other.child.kill()
      hold.release()
      await here.close()
      await sandbox.close()
    }
  })
})
