import { Query, type Models } from 'node-appwrite'
import { TOTAL_CAP } from '@shared/appwrite-limits'
import type { statsChannels } from '@shared/contract/stats'
import type { JobView } from '@shared/models/jobs'
import type { LabelOverview } from '@shared/models/labels'
import type { CountedUsers, ProjectStats } from '@shared/models/stats'
import type { Core, Feature } from '../core'
import { INTERACTIVE_ATTEMPTS, retrying } from '../jobs/pacing'
import { PROGRESS_EVERY_MS, Throttle } from '../jobs/throttle'
import type { ResolvedProject } from '../projects/projects-service'

/** Users per page when scanning: few round trips, answers of a few megabytes at most. */
export const SCAN_PAGE = 1000

/** The figures one pass over every user counts. */
export type UserCounts = Pick<
  ProjectStats,
  'users' | 'blocked' | 'unverified' | 'anonymous' | 'mfa' | 'labelled'
>

export const noUsersCounted = (): UserCounts => ({
  users: 0,
  blocked: 0,
  unverified: 0,
  anonymous: 0,
  mfa: 0,
  labelled: 0,
})

/** What each figure means, in one place: blocked, unverified (neither channel), anonymous (no channel). */
export function countUser(out: UserCounts, u: Models.User<Models.Preferences>): void {
  out.users++
  if (!u.status) out.blocked++
  if (!u.emailVerification && !u.phoneVerification) out.unverified++
  if (!u.email && !u.phone) out.anonymous++
  if (u.mfa) out.mfa++
  if (u.labels.length > 0) out.labelled++
}

/**
 * The labels a finished count read, for the Labels screen to take rather than read every user again
 * right after the Overview did; `startedAt` says which writes it may have missed.
 */
export interface CountedLabels extends LabelOverview {
  startedAt: number
}

/** The Overview's counts of a project's labels the Labels screen may take: its last, and one under way. */
export interface LabelCounts {
  finished: CountedLabels | undefined
  /** A count still reading users, begun at `startedAt`; `labels` ends with it. */
  underWay: { startedAt: number; labels: Promise<CountedLabels> } | undefined
}

/**
 * Counts a project's users. Below Appwrite's cap each figure is one call with `total` (and a limit
 * of 1); at the cap, and for what no query can count (MFA, labels, registrations per day), one scan
 * of every user with `total=false`, cursor-paged. Figures are cached per project with their time.
 */
export class StatsService {
  private readonly cache = new Map<string, Promise<ProjectStats>>()
  /** What the project's last finished count found, for the Labels screen and the users list. */
  private readonly finished = new Map<string, { labels: CountedLabels; users: CountedUsers }>()
  /** The count still reading each project's users, while it is the project's. */
  private readonly underWay = new Map<string, { startedAt: number; labels: Promise<CountedLabels> }>()

  constructor(private readonly core: Core) {}

  get(project: string, refresh = false): Promise<ProjectStats> {
    const cached = this.cache.get(project)
    if (cached && !refresh) return cached
    const startedAt = Date.now()
    const counting = this.count(project, startedAt)
    const value = counting.then((c) => c.stats)
    this.cache.set(project, value)
    value.catch(() => this.cache.delete(project))
    const underWay = { startedAt, labels: counting.then((c) => c.labels) }
    // Whoever takes it hears of a failure; no one taking it is not a failure of its own.
    underWay.labels.catch(() => {})
    this.underWay.set(project, underWay)
    // Kept only while the count is still the project's: one forgotten meanwhile may predate a write.
    counting.then(
      (c) => {
        if (this.underWay.get(project) === underWay) this.underWay.delete(project)
        if (this.cache.get(project) !== value) return
        const users = { users: c.stats.users, countedAt: c.stats.countedAt }
        this.finished.set(project, { labels: c.labels, users })
      },
      () => {
        if (this.underWay.get(project) === underWay) this.underWay.delete(project)
      },
    )
    return value
  }

  /**
   * The labels of the project's last finished count and of the one under way, if they have not been
   * forgotten since.
   */
  labelCounts(project: string): LabelCounts {
    return { finished: this.finished.get(project)?.labels, underWay: this.underWay.get(project) }
  }

  /** The users of the project's last finished count, if it has not been forgotten since. */
  countedUsers(project: string): CountedUsers | null {
    return this.finished.get(project)?.users ?? null
  }

  forget(project: string): void {
    this.cache.delete(project)
    this.finished.delete(project)
    this.underWay.delete(project)
  }

  private async count(
    ref: string,
    startedAt: number,
  ): Promise<{ stats: ProjectStats; labels: CountedLabels }> {
    const { stats, scanned } = await this.figures(ref)
    return {
      stats,
      labels: { labels: stats.labels, scannedUsers: scanned, scannedAt: stats.countedAt, startedAt },
    }
  }

  /** The figures, and how many users the scan read (below the cap, `users` is Appwrite's count). */
  private async figures(ref: string): Promise<{ stats: ProjectStats; scanned: number }> {
    const project = await this.core.projects.resolve(ref)
    const total = async (queries: string[]) =>
      (
        await retrying(() => project.clients.users.list({ queries: [...queries, Query.limit(1)] }), {
          attempts: INTERACTIVE_ATTEMPTS,
        })
      ).total
    const users = await total([])
    const scanned = await scan(project, (read) =>
      this.core.events.emit('stats.progress', { project: ref, users: read }),
    )
    if (users >= TOTAL_CAP)
      return { stats: { ...scanned, project: ref, method: 'scan' }, scanned: scanned.users }
    // Below the cap Appwrite's own counts are the judge; the scan gives what no query can count.
    const [blocked, unverified, anonymous] = await Promise.all([
      total([Query.equal('status', false)]),
      total([Query.equal('emailVerification', false), Query.equal('phoneVerification', false)]),
      total([Query.isNull('email'), Query.isNull('phone')]),
    ])
    return {
      stats: { ...scanned, project: ref, method: 'total', users, blocked, unverified, anonymous },
      scanned: scanned.users,
    }
  }
}

/**
 * One pass over every user, telling `progress` how many it has read (throttled): a project of
 * 100,000 users takes a while, and the window says how far it has got.
 */
async function scan(
  project: ResolvedProject,
  progress: (read: number) => void,
): Promise<Omit<ProjectStats, 'project' | 'method'>> {
  const out = noUsersCounted()
  const labels = new Map<string, number>()
  const days = new Map<string, number>()
  let read = 0
  const told = new Throttle(() => progress(read), PROGRESS_EVERY_MS)
  let cursor: string | null = null
  try {
    for (;;) {
      const queries: string[] = [Query.limit(SCAN_PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])]
      const page: Models.UserList<Models.Preferences> = await retrying(
        () => project.clients.users.list({ queries, total: false }),
        { attempts: INTERACTIVE_ATTEMPTS },
      )
      for (const u of page.users) {
        countUser(out, u)
        for (const l of u.labels) labels.set(l, (labels.get(l) ?? 0) + 1)
        const day = u.registration.slice(0, 10)
        days.set(day, (days.get(day) ?? 0) + 1)
      }
      read += page.users.length
      told.ask(false)
      if (page.users.length < SCAN_PAGE) break
      cursor = page.users.at(-1)!.$id
    }
  } finally {
    told.cancel()
  }
  return {
    ...out,
    countedAt: new Date().toISOString(),
    labels: [...labels]
      .map(([label, users]) => ({ label, users }))
      .sort((a, b) => b.users - a.users || a.label.localeCompare(b.label)),
    registrations: [...days].sort(([a], [b]) => a.localeCompare(b)).map(([day, users]) => ({ day, users })),
  }
}

/** Jobs after which a project's figures are stale (a lock-out blocks its users). */
const countChangingKinds = new Set([
  'users.delete',
  'users.restore',
  'users.change',
  'sessions.lockOut',
  'undo',
  'labels',
  'import',
])

export function createStatsFeature(
  core: Core,
): Feature<typeof statsChannels> & { labelCounts(project: string): LabelCounts } {
  const stats = new StatsService(core)
  const unsubscribe = core.events.subscribe((event, payload) => {
    const job = payload as JobView
    if (event === 'jobs.changed' && countChangingKinds.has(job.kind) && job.state !== 'running')
      stats.forget(job.project)
  })
  return {
    handlers: {
      'stats.project': ({ project, refresh }) => stats.get(project, refresh),
      'stats.counted': async ({ project }) => stats.countedUsers(project),
    },
    labelCounts: (project) => stats.labelCounts(project),
    async close() {
      unsubscribe()
    },
  }
}
