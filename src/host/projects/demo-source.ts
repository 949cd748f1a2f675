import { fail } from '@shared/errors'
import type { AppwriteServer } from '@shared/appwrite-versions'
import type { ProjectView } from '@shared/models'
import { DEMO_PROJECT_ID, DEMO_PROJECT_REF, type DemoProject } from '../demo/demo-project'
import { NO_KEY_MESSAGE, type ProjectSource } from './project-source'
import type { ProjectEntry } from './registry'

/** Where a view points before the demo's server has started: it has no address until then. */
export const DEMO_NOT_STARTED = 'embedded (starts when first used)'

/**
 * The built-in demo project. Its server starts when something first needs its key (a call, a
 * check), not when a host is created: starting takes the demo's lock, and a command aimed at
 * another project must not fail because a window holds the demo on the same data folder.
 */
export class DemoSource implements ProjectSource {
  readonly fixed = 'The demo project is built in and cannot be changed. Add your own project instead.'
  readonly demo = true
  private starting: Promise<DemoProject> | null = null
  private running: DemoProject | null = null
  private server: AppwriteServer | null = null
  private closed = false

  constructor(
    private readonly start: () => Promise<DemoProject>,
    /** Told each run's key as soon as it exists, so the log can mask it. */
    private readonly onKey: (key: string) => void,
  ) {}

  /** The demo's server, started on first use. A failed start (the lock is held) is tried again next time. */
  open(): Promise<DemoProject> {
    if (this.closed) fail('internal', 'The demo project has been closed with its host.')
    this.starting ??= this.start().then(
      (demo) => {
        this.onKey(demo.key)
        this.running = demo
        return demo
      },
      (err: unknown) => {
        this.starting = null
        throw err
      },
    )
    return this.starting
  }

  listed(): readonly ProjectEntry[] {
    return [this.entry()]
  }

  find(ref: string): ProjectEntry | undefined {
    return ref === DEMO_PROJECT_REF ? this.entry() : undefined
  }

  private entry(): ProjectEntry {
    return {
      id: DEMO_PROJECT_REF,
      name: 'Demo project',
      endpoint: this.running?.endpoint ?? DEMO_NOT_STARTED,
      projectId: DEMO_PROJECT_ID,
      colour: 'grape',
      tag: 'demo',
      safeMode: 'off',
      scopes: { read: true, write: true },
      lastCheckedAt: null,
      server: this.server,
    }
  }

  async key(): Promise<string> {
    return (await this.open()).key
  }

  async keyView(): Promise<ProjectView['key']> {
    // The key is made by the server at its start; the demo always has one.
    return { present: true, lastFour: null, inMemoryOnly: true }
  }

  lastFour(): null {
    // A key made fresh every run identifies nothing in the audit log.
    return null
  }

  recordCheck(_ref: string, found: Pick<ProjectEntry, 'scopes' | 'server'>): void {
    // The demo's key may do everything, every run; its server is found anew each run.
    this.server = found.server
  }

  recordRefusal(): void {
    // The demo's key is made with its server each run; no acceptance is recorded for it.
  }

  missingKeyMessage(): string {
    return NO_KEY_MESSAGE
  }

  /** Stops the server if it started (or once its start ends), and gives the lock back. */
  async close(): Promise<void> {
    this.closed = true
    const starting = this.starting
    this.starting = null
    this.running = null
    const demo = await starting?.catch(() => null)
    await demo?.close()
  }
}
