import { describe, expect, it } from 'vitest'
import type { JobView } from '@shared/models/jobs'
import { startSandbox } from '../../../src/sandbox'
import { runCliPatiently } from '../helpers/run-cli'
import { captureIo } from '../helpers/capture-io'
import { tempDir } from '../helpers/temp-dir'
import { labelEveryUserElsewhere } from '../helpers/cli-process'

const KEY = 'cli_interrupt_key_0123456789'

/**
 * Ctrl-C while the CLI runs a job: the rows in flight end (none is left for the resume to look up on
 * the server), the job is left interrupted, and the command says how to go on, exiting 130.
 */
describe('Ctrl-C while the CLI runs a job', { timeout: 120_000 }, () => {
  it('stops after the rows in flight, leaves the job interrupted, names the resume, which finishes it', async () => {
    const sandbox = await startSandbox({ port: 0, projectId: 'ctrlc', apiKey: KEY, seed: 40, quiet: true })
    const dataDir = tempDir()
    // The server labels 5 users, then holds the rest: the job is running when the Ctrl-C comes.
    const hold = sandbox.hold({ after: 5, match: ({ method }) => method !== 'GET' })
    const cli = labelEveryUserElsewhere(dataDir, sandbox, { projectId: 'ctrlc', key: KEY, label: 'ctrlc' })
    try {
      await hold.reached()
      cli.child.kill('SIGINT')
      await cli.said('Stopping: the calls already sent are ending.')
      // The calls held at the Ctrl-C are answered: they end as done, and no other row starts.
      hold.release()
      expect(await cli.exited, cli.stderr()).toBe(130)
      const id = /^(\S+) {2}interrupted {2}/m.exec(cli.stdout())?.[1]
      expect(id, cli.stdout()).toBeDefined()
      expect(cli.stdout()).toContain(`resume: userdeck jobs resume ${id}`)

      const resumeIo = captureIo({ CTRLC_KEY: KEY })
      const code = await runCliPatiently(
        ['--data-dir', dataDir, '--json', 'jobs', 'resume', id!, '--key-env', 'CTRLC_KEY'],
        resumeIo,
      )
      expect(code, resumeIo.stderr).toBe(0)
      expect(JSON.parse(resumeIo.stdout) as JobView).toMatchObject({
        state: 'completed',
        counts: { done: 40, failed: 0 },
      })
      // No row was left in flight: the resume looked none up as an interruption's.
      const reportIo = captureIo()
      await runCliPatiently(['--data-dir', dataDir, 'jobs', 'report', id!], reportIo)
      expect(reportIo.stdout).not.toContain('after an interruption')
      expect([...sandbox.store.users.values()].every((u) => u.labels.includes('ctrlc'))).toBe(true)
    } finally {
      cli.child.kill('SIGKILL')
      hold.release()
      await sandbox.close()
    }
  })
})
