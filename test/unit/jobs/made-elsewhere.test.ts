import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobView } from '@shared/models/jobs'
import { startSandbox } from '../../../src/sandbox'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'
import { labelEveryUserElsewhere } from '../helpers/cli-process'
import { call, hostWithSandbox } from './harness'

const KEY = 'made_elsewhere_key_0123456789'

function hostOn(dataDir: string): Promise<HostInternals> {
  return createHostInternals({ dataDir, shell: 'cli', secrets: new MemorySecretStore(), demo: false })
}

/**
 * Resolves with the first `jobs.changed` this host tells that satisfies `test`. Call it before the
 * action that should bring it about: no list or get is asked of the host, as the window asks none.
 */
function told(host: HostInternals, test: (job: JobView) => boolean): Promise<JobView> {
  return new Promise((resolve) => {
    const unsubscribe = host.events.subscribe((event, payload) => {
      if (event !== 'jobs.changed' || !test(payload as JobView)) return
      unsubscribe()
      resolve(payload as JobView)
    })
  })
}

/**
 * The window's host learns of the jobs another process makes on the same data folder (the CLI beside
 * it) by itself: each is told as `jobs.changed`, as the host's own jobs are, so the Jobs list shows it
 * without being opened again.
 */
describe('a job another process makes', { timeout: 120_000 }, () => {
  it('is told by this host as soon as it is planned there', async () => {
    const dataDir = tempDir()
    const other = await hostWithSandbox({ dataDir, seed: 3 })
    const here = await hostOn(dataDir)
    try {
      const planned = told(here, (job) => job.title.includes('madeElsewhere'))
      const made = await call(other.host, 'labels.bulk', {
        project: other.project,
        selection: { all: true },
        op: 'add',
        labels: ['madeElsewhere'],
      })
      expect(await planned).toMatchObject({ id: made.id, state: 'planned', runningIn: null })
    } finally {
      await here.close()
      await other.close()
    }
  })

  it('is told by this host running in that process, then followed to its end', async () => {
    const sandbox = await startSandbox({ port: 0, projectId: 'made', apiKey: KEY, seed: 20, quiet: true })
    const dataDir = tempDir()
    const here = await hostOn(dataDir)
    // The server labels 5 users, then holds the rest: the other process's job runs until the test lets go.
    const hold = sandbox.hold({ after: 5, match: ({ method }) => method !== 'GET' })
    let cli: ReturnType<typeof labelEveryUserElsewhere> | null = null
    try {
      const running = told(here, (job) => job.state === 'running' && job.runningIn !== null)
      cli = labelEveryUserElsewhere(dataDir, sandbox, { projectId: 'made', key: KEY, label: 'made' })
      const seen = await running
      expect(seen).toMatchObject({ kind: 'labels', runningIn: cli.child.pid })

      const ended = told(here, (job) => job.id === seen.id && job.state === 'completed')
      hold.release()
      expect(await cli.exited, cli.stderr()).toBe(0)
      expect(await ended).toMatchObject({ runningIn: null, counts: { total: 20, done: 20, failed: 0 } })
    } finally {
      cli?.child.kill()
      hold.release()
      await here.close()
      await sandbox.close()
    }
  })

  it('is left be while another host in this very process runs it, where a look would call it interrupted', async () => {
    const dataDir = tempDir()
    const other = await hostWithSandbox({ dataDir, seed: 20 })
    const here = await hostOn(dataDir)
    // The server labels 5 users, then holds the rest: the job runs in `other` until the test lets go.
    const hold = other.sandbox.hold({ after: 5, match: ({ method }) => method !== 'GET' })
    try {
      const job = await call(other.host, 'labels.bulk', {
        project: other.project,
        selection: { all: true },
        op: 'add',
        labels: ['samePid'],
      })
      await call(other.host, 'jobs.start', { jobId: job.id })
      await hold.reached()
      // Found running, its pid this process's: looked at twice, it is neither told nor saved interrupted.
      const states: string[] = []
      here.events.subscribe((event, payload) => {
        if (event === 'jobs.changed' && (payload as JobView).id === job.id)
          states.push((payload as JobView).state)
      })
      here.services.jobs.lookElsewhere()
      here.services.jobs.lookElsewhere()
      const onDisk = () =>
        (JSON.parse(readFileSync(join(dataDir, 'jobs', job.id, 'job.json'), 'utf8')) as JobView).state
      expect(onDisk()).toBe('running')
      expect(states).not.toContain('interrupted')

      hold.release()
      expect((await other.host.services.jobs.wait(job.id)).state).toBe('completed')
      // Let go, it is caught up with as any other job another process ran.
      const ended = told(here, (view) => view.id === job.id && view.state === 'completed')
      here.services.jobs.lookElsewhere()
      expect(await ended).toMatchObject({ counts: { done: 20, failed: 0 } })
      expect(onDisk()).toBe('completed')
    } finally {
      hold.release()
      await here.close()
      await other.close()
    }
  })
})
