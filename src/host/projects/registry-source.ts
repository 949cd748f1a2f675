import type { ProjectView } from '@shared/models'
import { lastFourOf, NO_KEY_MESSAGE, type ProjectSource } from './project-source'
import type { ProjectEntry, ProjectRegistry } from './registry'
import type { SecretStore } from './secret-store'

/** The projects a person added: definitions in `projects.json`, keys in the keychain under each id. */
export class RegistrySource implements ProjectSource {
  readonly fixed = null
  readonly demo = false

  constructor(
    readonly registry: ProjectRegistry,
    readonly secrets: SecretStore,
  ) {}

  listed(): readonly ProjectEntry[] {
    return this.registry.all()
  }

  find(ref: string): ProjectEntry | undefined {
    return this.registry.find(ref)
  }

  key(ref: string): Promise<string | null> {
    return this.secrets.get(ref)
  }

  async keyView(ref: string): Promise<ProjectView['key']> {
    const key = await this.key(ref).catch(() => null)
    return {
      present: key !== null,
      lastFour: key ? lastFourOf(key) : null,
      inMemoryOnly: this.secrets.kind === 'memory',
    }
  }

  lastFour(key: string): string | null {
    return lastFourOf(key)
  }

  recordCheck(ref: string, found: Pick<ProjectEntry, 'scopes' | 'server'>): void {
    this.registry.update(ref, { ...found, lastCheckedAt: new Date().toISOString() })
  }

  recordRefusal(ref: string): void {
    this.registry.update(ref, { lastCheckedAt: null })
  }

  missingKeyMessage(): string {
    // Without a keychain, keys last one run: a project from an earlier run needs its key again.
    return this.secrets.kind === 'memory'
      ? 'No keychain, so keys last only one run: enter this project’s key again to connect.'
      : NO_KEY_MESSAGE
  }
}
