import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import type { AuditEntry, AuditFilter } from '@shared/models'
import { PRIVATE_FILE, makePrivateDir } from '../private-files'

export type AuditInput = Omit<AuditEntry, 'id' | 'time'>

/**
 * The local, append-only record of every write Userdeck makes: which project (and which key, by its
 * last four characters), what, before and after, when. One JSON line per entry; a line is never
 * rewritten, so an undo is a new entry pointing at the one it undoes.
 */
export class AuditLog {
  private readonly file: string
  private readonly entries: AuditEntry[] = []
  /** Ids of entries an undo points at: a whole job's undo asks this once per entry. */
  private readonly undone = new Set<string>()
  private readonly byId = new Map<string, AuditEntry>()
  private readonly listeners = new Set<(entry: AuditEntry) => void>()

  constructor(dataDir: string) {
    const dir = join(dataDir, 'audit')
    makePrivateDir(dir)
    this.file = join(dir, 'audit.jsonl')
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue
        try {
          const entry = JSON.parse(line) as AuditEntry
          this.index(entry)
        } catch {
          // A line cut short by a crash is skipped; every complete line before and after it stands.
        }
      }
    }
  }

  record(input: AuditInput): AuditEntry {
    const entry: AuditEntry = { id: randomUUID(), time: new Date().toISOString(), ...input }
    appendFileSync(this.file, JSON.stringify(entry) + '\n', { mode: PRIVATE_FILE })
    this.index(entry)
    for (const listener of this.listeners) listener(entry)
    return entry
  }

  /** Told of every entry appended from now on, so what depends on the data it changed can refresh. Returns the unsubscribe. */
  onRecord(listener: (entry: AuditEntry) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  get(id: string): AuditEntry | undefined {
    return this.byId.get(id)
  }

  private index(entry: AuditEntry): void {
    this.entries.push(entry)
    this.byId.set(entry.id, entry)
    if (entry.undoOf) this.undone.add(entry.undoOf)
  }

  /** Newest first. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const out: AuditEntry[] = []
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i]!
      if (filter.project && e.project !== filter.project) continue
      if (filter.userId && e.userId !== filter.userId) continue
      if (filter.email && !hasEmail(e, filter.email.toLowerCase())) continue
      if (filter.jobId && e.jobId !== filter.jobId) continue
      if (filter.action && e.action !== filter.action) continue
      out.push(e)
      if (filter.limit && out.length >= filter.limit) break
    }
    return out
  }

  /** Whether an entry has been undone already (an undo entry points at it). */
  isUndone(id: string): boolean {
    return this.undone.has(id)
  }
}

/**
 * Whether an entry is about the user with this (lower-cased) email: as recorded with it, or, for an
 * entry written before emails were recorded, as its label or a side of its change says.
 */
function hasEmail(entry: AuditEntry, email: string): boolean {
  const said = [entry.userEmail, entry.userLabel, entry.before?.['email'], entry.after?.['email']]
  return said.some((v) => typeof v === 'string' && v.toLowerCase() === email)
}
