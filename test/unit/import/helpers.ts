import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Account, Client, Users } from 'node-appwrite'
import type { Channel, Input, Output } from '@shared/contract'
import { AppErrorException } from '@shared/errors'
import type { JobView } from '@shared/models/jobs'
import { createHostInternals, type HostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'
import { startSandbox, type RunningSandbox } from '../../../src/sandbox'
import type { FaultOptions } from '../../../src/sandbox'
import { tempDir } from '../helpers/temp-dir'

export const FIXTURES = join(import.meta.dirname, '../../fixtures/import')
export const fixture = (name: string) => join(FIXTURES, name)
export const KEY = 'import-test-key'

export interface Env {
  host: HostInternals
  sandbox: RunningSandbox
  project: string
  call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>>
  users(): Users
  close(): Promise<void>
}

/** A host with no demo project, and a fresh sandbox registered through the real projects service. */
export async function environment(
  dataDir: string,
  options: { faults?: FaultOptions; sandboxDir?: string } = {},
): Promise<Env> {
  const sandbox = await startSandbox({
    port: 0,
    projectId: 'import-target',
    apiKey: KEY,
    quiet: true,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.sandboxDir ? { dataDir: options.sandboxDir } : {}),
  })
  const host = await createHostInternals({
    dataDir,
    shell: 'cli',
    secrets: new MemorySecretStore(),
    demo: false,
  })
  const call = async <C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> => {
    const result = await host.dispatch(channel, input)
    if (!result.ok) throw new AppErrorException(result.error)
    return result.value as Output<C>
  }
  const view = await call('projects.add', {
    name: 'Import target',
    endpoint: sandbox.url,
    projectId: 'import-target',
    key: KEY,
  })
  return {
    host,
    sandbox,
    project: view.id,
    call,
    users: () => new Users(new Client().setEndpoint(sandbox.url).setProject('import-target').setKey(KEY)),
    async close() {
      await host.close()
      await sandbox.close()
    },
  }
}

/** Plans, runs and waits for an import job; returns the finished job and its per-row report. */
export async function runImport(env: Env, input: Input<'import.createJob'>) {
  const planned = await env.call('import.createJob', input)
  await env.call('jobs.start', { jobId: planned.id })
  const done: JobView = await env.host.services.jobs.wait(planned.id)
  const report = await env.host.services.jobs.report(planned.id)
  return { job: done, report }
}

/** Imports a small CSV written here, its columns mapped by `mapping`, and waits for the job to end. */
export async function importCsv(env: Env, csv: string, mapping: Record<string, string>) {
  const path = join(tempDir(), 'users.csv')
  writeFileSync(path, csv)
  const plan = {
    project: env.project,
    source: { kind: 'file' as const, path },
    format: 'csv' as const,
    mapping,
    hash: { type: 'auto' as const },
  }
  return runImport(env, { plan, onExisting: 'fail', skip: [] })
}

/** Logs in as a person would: a client with only the project set, no key. */
export async function login(sandbox: RunningSandbox, email: string, password: string): Promise<boolean> {
  const account = new Account(new Client().setEndpoint(sandbox.url).setProject(sandbox.projectId))
  try {
    await account.createEmailPasswordSession({ email, password })
    return true
  } catch {
    return false
  }
}
