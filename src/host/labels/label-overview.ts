import type { LabelOverview } from '@shared/models/labels'
import type { ProjectsService } from '../projects/projects-service'
import { selectUsers } from '../jobs/selection'

/** Long enough for the editor's autocomplete to feel instant, short enough to see a bulk change soon. */
const CACHE_MS = 30_000

/** Every label of a project with its user count, from a scan of all users (Appwrite has no label index). */
export class LabelOverviewService {
  private readonly cache = new Map<string, { at: number; value: Promise<LabelOverview> }>()

  constructor(private readonly projects: ProjectsService) {}

  get(project: string, refresh = false): Promise<LabelOverview> {
    const cached = this.cache.get(project)
    if (!refresh && cached && Date.now() - cached.at < CACHE_MS) return cached.value
    const value = this.scan(project)
    this.cache.set(project, { at: Date.now(), value })
    value.catch(() => this.cache.delete(project))
    return value
  }

  forget(project: string): void {
    this.cache.delete(project)
  }

  private async scan(ref: string): Promise<LabelOverview> {
    const project = await this.projects.resolve(ref)
    const counts = new Map<string, number>()
    let scannedUsers = 0
    for await (const user of selectUsers(project, { all: true })) {
      if ('missing' in user) continue
      scannedUsers++
      for (const label of user.labels) counts.set(label, (counts.get(label) ?? 0) + 1)
    }
    const labels = [...counts]
      .map(([label, users]) => ({ label, users }))
      .sort((a, b) => b.users - a.users || a.label.localeCompare(b.label))
    return { labels, scannedUsers, scannedAt: new Date().toISOString() }
  }
}
