import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import type { Timers } from '../../../src/host/timers'
import { startSandbox, type FaultOptions, type RunningSandbox } from '../../../src/sandbox'
import type { Channel, Input, Output } from '@shared/contract'

export interface Bench {
  host: HostInternals
  sandbox: RunningSandbox
  project: string
  close(): Promise<void>
}

const KEY = 'standard_jobs_test_key_0123456789abcdef'

/** A host (no demo) with one registered project served by a fresh seeded sandbox. */
export async function hostWithSandbox(options: {
  dataDir: string
  seed: number
  faults?: FaultOptions
  tag?: 'production' | 'development'
  /** The host's clock: real unless a test drives it by hand. */
  timers?: Timers
}): Promise<Bench> {
  const sandbox = await startSandbox({
    port: 0,
    projectId: 'bulk',
    apiKey: KEY,
    seed: options.seed,
    quiet: true,
  })
  const host = await createHostInternals({
    dataDir: options.dataDir,
    shell: 'cli',
    secrets: new MemorySecretStore(),
    demo: false,
    ...(options.timers ? { timers: options.timers } : {}),
  })
  const added = await call(host, 'projects.add', {
    name: 'Bulk test',
    endpoint: sandbox.url,
    projectId: 'bulk',
    key: KEY,
    tag: options.tag ?? 'development',
  })
  if (options.faults) sandbox.setFaults(options.faults)
  return {
    host,
    sandbox,
    project: added.id,
    async close() {
      await host.close()
      await sandbox.close()
    },
  }
}

export async function call<C extends Channel>(
  host: HostInternals,
  channel: C,
  input: Input<C>,
): Promise<Output<C>> {
  const result = await host.dispatch(channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`)
  return result.value as Output<C>
}

/** Every preview row of a job, paging through it. */
export async function wholePreview(host: HostInternals, jobId: string) {
  const first = await call(host, 'jobs.preview', { jobId, limit: 1000 })
  const rows = [...first.rows]
  while (rows.length < first.counts.total) {
    const page = await call(host, 'jobs.preview', { jobId, offset: rows.length, limit: 1000 })
    rows.push(...page.rows)
  }
  return { counts: first.counts, rows }
}
