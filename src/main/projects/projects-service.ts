import { fail } from '@shared/errors'
import type { ProjectView, ReachState } from '@shared/models'
import { createAppwriteClients, type AppwriteClients } from '../appwrite/client'
import type { DemoProject } from '../demo/demo-project'
import type { Logger } from '../logger'
import type { ProjectEntry, ProjectRegistry } from './registry'
import type { SecretStore } from './secret-store'

export interface ResolvedProject {
  entry: ProjectEntry
  demo: boolean
  clients: AppwriteClients
  /** For the audit log's "which key": the last four characters, never more. */
  keyLastFour: string | null
}

/**
 * Knows every project (the registry's and the demo) and hands out ready Appwrite clients. It is the
 * only code that reads a key, and it hands the key to node-appwrite and to nothing else.
 */
export class ProjectsService {
  private readonly clients = new Map<string, { key: string; clients: AppwriteClients }>()
  private readonly reach = new Map<string, { state: ReachState; message: string | null }>()

  constructor(
    private readonly registry: ProjectRegistry,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
    private readonly demo: DemoProject | null,
  ) {
    if (demo) logger.addSecret(demo.key)
  }

  private demoEntry(): ProjectEntry | null {
    if (!this.demo) return null
    return {
      id: this.demo.ref,
      name: 'Demo project',
      endpoint: this.demo.endpoint,
      projectId: this.demo.projectId,
      colour: 'grape',
      tag: 'demo',
      readOnly: false,
      scopes: { read: true, write: true },
      lastCheckedAt: null,
    }
  }

  entries(): ProjectEntry[] {
    const demo = this.demoEntry()
    return demo ? [demo, ...this.registry.all()] : [...this.registry.all()]
  }

  entry(ref: string): ProjectEntry {
    const found = this.entries().find((e) => e.id === ref)
    if (!found)
      fail('not_found', `No project "${ref}". It may have been removed; pick another in the switcher.`)
    return found
  }

  isDemo(ref: string): boolean {
    return this.demo?.ref === ref
  }

  async list(): Promise<ProjectView[]> {
    return Promise.all(this.entries().map((e) => this.view(e)))
  }

  async view(entry: ProjectEntry): Promise<ProjectView> {
    const demo = this.isDemo(entry.id)
    const key = demo ? this.demo!.key : await this.secrets.get(entry.id).catch(() => null)
    return {
      ...entry,
      demo,
      key: {
        present: key !== null,
        lastFour: key && !demo ? key.slice(-4) : null,
        inMemoryOnly: demo || this.secrets.kind === 'memory',
      },
      reach: this.reach.get(entry.id) ?? { state: 'unknown', message: null },
    }
  }

  /**
   * The safeguards every write passes, enforced here in main whatever the renderer sends: no write on
   * a read-only project or with a key known to lack `users.write`, and a destructive action on a
   * production project only with the project's name typed exactly.
   */
  guardWrite(ref: string, options: { destructive?: boolean; confirm?: string } = {}): ProjectEntry {
    const entry = this.entry(ref)
    if (entry.readOnly) {
      fail(
        'read_only',
        `"${entry.name}" is read-only in Userdeck. Turn read-only off in the project's settings to change it.`,
      )
    }
    if (entry.scopes.write === false) {
      fail(
        'missing_scope',
        `The key for "${entry.name}" lacks the users.write scope. Add it to the key in the Appwrite Console.`,
      )
    }
    if (options.destructive && entry.tag === 'production' && options.confirm !== entry.name) {
      fail('confirmation_required', `"${entry.name}" is a production project: type its name to confirm.`, {
        field: 'confirm',
      })
    }
    return entry
  }

  async resolve(ref: string): Promise<ResolvedProject> {
    const entry = this.entry(ref)
    const demo = this.isDemo(ref)
    const key = demo ? this.demo!.key : await this.secrets.get(ref)
    if (!key) fail('key_missing', `"${entry.name}" has no API key stored. Add one in the project's settings.`)
    this.logger.addSecret(key)
    const keyLastFour = demo ? null : key.slice(-4)
    const cached = this.clients.get(ref)
    if (cached && cached.key === key) return { entry, demo, clients: cached.clients, keyLastFour }
    const clients = createAppwriteClients({ endpoint: entry.endpoint, projectId: entry.projectId, key })
    this.clients.set(ref, { key, clients })
    return { entry, demo, clients, keyLastFour }
  }
}
