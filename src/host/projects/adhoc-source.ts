import { createHash } from 'node:crypto'
import type { ProjectConnection, ProjectView } from '@shared/models'
import type { Connection } from '../appwrite/client'
import { lastFourOf, NO_KEY_MESSAGE, type ProjectSource } from './project-source'
import type { ProjectEntry } from './registry'

/**
 * Projects named by URL for one run (the CLI's `--endpoint --project-id --key-env`): usable by every
 * service through their ref like stored ones, but never listed, and never written to the registry
 * or the keychain.
 */
export class AdhocSource implements ProjectSource {
  readonly fixed = 'This project was named on the command line and is not stored.'
  readonly demo = false
  private readonly projects = new Map<string, { entry: ProjectEntry; key: string }>()

  /**
   * Registers the connection (its endpoint already normalised) and returns its ref. The ref comes from
   * the address alone, so the same project named again, in this run or a later one, has the same ref:
   * a job planned on it can be resumed by connecting again.
   */
  add(connection: Connection): string {
    const ref = adhocRef(connection)
    const host = URL.canParse(connection.endpoint) ? new URL(connection.endpoint).host : connection.endpoint
    this.projects.set(ref, {
      key: connection.key,
      entry: {
        id: ref,
        name: `${connection.projectId} at ${host}`,
        endpoint: connection.endpoint,
        projectId: connection.projectId,
        colour: 'gray',
        tag: 'development',
        safeMode: 'off',
        scopes: { read: null, write: null },
        lastCheckedAt: null,
        server: null,
      },
    })
    return ref
  }

  /** Where an ad hoc project is (never its key); null for a ref that is not one. */
  connectionOf(ref: string): ProjectConnection | null {
    const entry = this.projects.get(ref)?.entry
    return entry ? { endpoint: entry.endpoint, projectId: entry.projectId } : null
  }

  listed(): readonly ProjectEntry[] {
    return []
  }

  find(ref: string): ProjectEntry | undefined {
    return this.projects.get(ref)?.entry
  }

  async key(ref: string): Promise<string | null> {
    return this.projects.get(ref)?.key ?? null
  }

  async keyView(ref: string): Promise<ProjectView['key']> {
    const key = this.projects.get(ref)?.key
    return { present: key !== undefined, lastFour: key ? lastFourOf(key) : null, inMemoryOnly: true }
  }

  lastFour(key: string): string | null {
    return lastFourOf(key)
  }

  recordCheck(ref: string, found: Pick<ProjectEntry, 'scopes' | 'server'>): void {
    // Nothing is stored for a project that lasts one run: what the check found lives as long as it.
    const project = this.projects.get(ref)
    if (project) project.entry = { ...project.entry, ...found }
  }

  recordRefusal(): void {
    // No acceptance is recorded for a project that lasts one run, so there is none to forget.
  }

  missingKeyMessage(): string {
    return NO_KEY_MESSAGE
  }
}

const ADHOC_PREFIX = 'adhoc-'

/** `adhoc-` and twelve hex digits of the address's hash: a ref that names the address and nothing else. */
export function adhocRef(connection: ProjectConnection): string {
  const digest = createHash('sha256').update(`${connection.endpoint}\n${connection.projectId}`).digest('hex')
  return `${ADHOC_PREFIX}${digest.slice(0, 12)}`
}

/** Whether a ref names a project given on a command line, in this run or another. */
export const isAdhocRef = (ref: string): boolean => ref.startsWith(ADHOC_PREFIX)
