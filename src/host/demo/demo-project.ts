import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { RunningSandbox } from '../../sandbox/server'
import { lockDemoData } from './demo-lock'

import { DEMO_PROJECT_REF } from './demo-ref'

export { DEMO_PROJECT_REF }
export const DEMO_PROJECT_ID = 'demo'
/** Enough people to page, search and filter through, yet quick to seed on first start. */
export const DEMO_SEED = 500

export interface DemoProject {
  readonly ref: string
  readonly endpoint: string
  readonly projectId: string
  /** Made fresh every run and held only in memory: the demo needs no keychain and leaves no secret behind. */
  readonly key: string
  close(): Promise<void>
}

export interface DemoOptions {
  /** How many users a new data folder is seeded with. */
  seed?: number
  /** What the person can do when another process holds the demo, in the terms of this shell. */
  whenBusy: string
}

/** The built-in project: the embedded sandbox, seeded once and persisted under the data folder. */
export async function startDemoProject(dataDir: string, options: DemoOptions): Promise<DemoProject> {
  const key = `demo_${randomBytes(24).toString('hex')}`
  const folder = join(dataDir, 'demo-project')
  const unlock = lockDemoData(join(dataDir, 'demo-project.lock'), options.whenBusy)
  let sandbox: RunningSandbox
  try {
    // The server's code loads with the demo itself: a host that never opens the demo never reads it.
    const { startSandbox } = await import('../../sandbox/server')
    sandbox = await startSandbox({
      port: 0,
      projectId: DEMO_PROJECT_ID,
      apiKey: key,
      seed: options.seed ?? DEMO_SEED,
      dataDir: folder,
      quiet: true,
    })
  } catch (err) {
    unlock()
    throw err
  }
  return {
    ref: DEMO_PROJECT_REF,
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
    key,
    async close() {
      await sandbox.close()
      unlock()
    },
  }
}
