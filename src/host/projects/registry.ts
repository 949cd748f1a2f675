import { join } from 'node:path'
import { defaultSafeMode, type ProjectEntry } from '@shared/models'
import { readPrivateJson, writePrivateJson } from '../private-files'

// The stored shape is shared: a ProjectView is this entry plus what only the host knows (key, reach).
export type { ProjectEntry }

interface RegistryFile {
  version: 1
  projects: ProjectEntry[]
}

/** The list of projects, in the user's order, kept in one JSON file written atomically. */
export class ProjectRegistry {
  private readonly file: string
  private entries: ProjectEntry[]

  /** @param setAside told where a damaged file was renamed to (see `readPrivateJson`). */
  constructor(
    dataDir: string,
    private readonly setAside: (keptAs: string) => void,
  ) {
    this.file = join(dataDir, 'projects.json')
    this.entries = this.read()
  }

  all(): readonly ProjectEntry[] {
    return this.entries
  }

  find(id: string): ProjectEntry | undefined {
    return this.entries.find((e) => e.id === id)
  }

  replaceAll(entries: ProjectEntry[]): void {
    this.entries = entries
    this.write()
  }

  add(entry: ProjectEntry): void {
    this.replaceAll([...this.entries, entry])
  }

  update(id: string, patch: Partial<Omit<ProjectEntry, 'id'>>): ProjectEntry | undefined {
    const current = this.find(id)
    if (!current) return undefined
    const next = { ...current, ...patch }
    this.replaceAll(this.entries.map((e) => (e.id === id ? next : e)))
    return next
  }

  remove(id: string): boolean {
    const kept = this.entries.filter((e) => e.id !== id)
    if (kept.length === this.entries.length) return false
    this.replaceAll(kept)
    return true
  }

  /** Puts the named entries first, in the given order; entries not named keep their relative order after them. */
  reorder(ids: readonly string[]): void {
    const byId = new Map(this.entries.map((e) => [e.id, e]))
    const first = [...new Set(ids)].flatMap((id) => byId.get(id) ?? [])
    const named = new Set(first.map((e) => e.id))
    this.replaceAll([...first, ...this.entries.filter((e) => !named.has(e.id))])
  }

  private read(): ProjectEntry[] {
    return (
      readPrivateJson(
        this.file,
        (stored) => {
          const { projects } = stored as RegistryFile
          if (!Array.isArray(projects)) throw new TypeError('not a list of projects')
          // Entries written before checks read the server's version have no `server`: not known yet.
          return projects.map((e) => withSafeMode({ ...e, server: e.server ?? null }))
        },
        this.setAside,
      ) ?? []
    )
  }

  /** Written whole and renamed into place (see `writePrivateJson`). */
  private write(): void {
    const body: RegistryFile = { version: 1, projects: this.entries }
    writePrivateJson(this.file, body)
  }
}

/** Files written before safe-mode levels held a read-only switch: it becomes the level it meant. */
function withSafeMode(stored: ProjectEntry & { readOnly?: boolean }): ProjectEntry {
  if (stored.safeMode) return stored
  const { readOnly, ...entry } = stored
  return { ...entry, safeMode: readOnly ? 'read-only' : defaultSafeMode(entry.tag) }
}
