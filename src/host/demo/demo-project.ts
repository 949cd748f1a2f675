import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { startSandbox, type RunningSandbox } from '../../sandbox/server'
import { lockDemoData } from './demo-lock'

export const DEMO_PROJECT_REF = 'demo'
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

/** The built-in project: the embedded sandbox, seeded once and persisted under the data folder. */
export async function startDemoProject(dataDir: string, seed = DEMO_SEED): Promise<DemoProject> {
  const key = `demo_${randomBytes(24).toString('hex')}`
  const folder = join(dataDir, 'demo-project')
  const unlock = lockDemoData(join(dataDir, 'demo-project.lock'))
  let sandbox: RunningSandbox
  try {
    sandbox = await startSandbox({
      port: 0,
      projectId: 'demo',
      apiKey: key,
      seed,
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
