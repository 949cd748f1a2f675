import type { LabelOverview } from '@shared/models/labels'
import type { ProjectsService } from '../projects/projects-service'
import { selectUsers } from '../jobs/selection'
import type { CountedLabels, LabelCounts } from '../stats'
import { PROGRESS_EVERY_MS, Throttle } from '../jobs/throttle'

/** Long enough for the editor's autocomplete to feel instant, short enough to see a bulk change soon. */
const CACHE_MS = 30_000

/**
 * How old the Overview's count may be for the Labels screen to take its labels: a person who has just
 * looked at the Overview of 100,000 users should not wait for them to be read again.
 */
const COUNTED_MS = 120_000

/**
 * Every label of a project with its user count, from a scan of all users (Appwrite has no label
 * index), or from the Overview's count of them (`counted`) when it is recent, or still under way, and
 * no write touched a label since it began: a person who opens the Overview of 160,000 users and then
 * Labels waits for one read of them, not two at once.
 */
export class LabelOverviewService {
  private readonly cache = new Map<string, { at: number; value: Promise<LabelOverview> }>()
  /** When a write last touched the project's labels, as far as this process knows. */
  private readonly changedAt = new Map<string, number>()
  /** The projects whose overview waits on the Overview's count: its progress is theirs. */
  private readonly waiting = new Set<string>()

  constructor(
    private readonly projects: ProjectsService,
    private readonly counted: (project: string) => LabelCounts = () => ({
      finished: undefined,
      underWay: undefined,
    }),
    /** Told how many users a scan has read, as it reads them: 100,000 take a while. */
    private readonly progress: (project: string, users: number) => void = () => {},
  ) {}

  get(project: string, refresh = false): Promise<LabelOverview> {
    const cached = this.cache.get(project)
    if (!refresh && cached && Date.now() - cached.at < CACHE_MS) return cached.value
    const counts = refresh ? undefined : this.counted(project)
    const counted = counts && this.recentCount(project, counts.finished)
    const underWay = counts && !counted ? this.countUnderWay(project, counts.underWay) : undefined
    const value = counted ? Promise.resolve(counted) : (underWay ?? this.scan(project))
    this.cache.set(project, { at: counted ? Date.parse(counted.scannedAt) : Date.now(), value })
    value.catch(() => this.cache.delete(project))
    return value
  }

  /** How many users the Overview's count has read: told on as this screen's, when it waits on it. */
  countRead(project: string, users: number): void {
    if (this.waiting.has(project)) this.progress(project, users)
  }

  forget(project: string): void {
    this.cache.delete(project)
    this.changedAt.set(project, Date.now())
  }

  private recentCount(project: string, count: LabelCounts['finished']): LabelOverview | undefined {
    if (!count || Date.now() - Date.parse(count.scannedAt) >= COUNTED_MS) return undefined
    if (count.startedAt <= (this.changedAt.get(project) ?? -Infinity)) return undefined
    return withoutStart(count)
  }

  /** The Overview's count under way, if no write touched a label since it began; read alone if it fails. */
  private countUnderWay(project: string, count: LabelCounts['underWay']): Promise<LabelOverview> | undefined {
    if (!count || count.startedAt <= (this.changedAt.get(project) ?? -Infinity)) return undefined
    this.waiting.add(project)
    return count.labels
      .finally(() => this.waiting.delete(project))
      .then(withoutStart, () => this.scan(project))
  }

  private async scan(ref: string): Promise<LabelOverview> {
    const project = await this.projects.resolve(ref)
    const counts = new Map<string, number>()
    let scannedUsers = 0
    const told = new Throttle(() => this.progress(ref, scannedUsers), PROGRESS_EVERY_MS)
    try {
      for await (const user of selectUsers(project, { all: true })) {
        if ('missing' in user) continue
        scannedUsers++
        for (const label of user.labels) counts.set(label, (counts.get(label) ?? 0) + 1)
        told.ask(false)
      }
    } finally {
      told.cancel()
    }
    const labels = [...counts]
      .map(([label, users]) => ({ label, users }))
      .sort((a, b) => b.users - a.users || a.label.localeCompare(b.label))
    return { labels, scannedUsers, scannedAt: new Date().toISOString() }
  }
}

function withoutStart({ startedAt: _began, ...overview }: CountedLabels): LabelOverview {
  return overview
}
