import type { Shell } from '@shared/models'
import type { EventBus } from './events'
import type { Logger } from './logger'
import type { AuditLog } from './audit/audit-log'
import type { ProjectsService } from './projects/projects-service'
import type { UserWriter } from './users/user-writer'
import type { HandlersFor } from './ipc/dispatcher'
import type { Timers } from './timers'
import type { KeptAside } from './kept-aside'

/** What every feature is built from. Features get it injected; none builds its own. */
export interface Core {
  dataDir: string
  /** Which shell serves this host: some inputs (local file paths) are for the CLI alone. */
  shell: Shell
  logger: Logger
  events: EventBus
  projects: ProjectsService
  audit: AuditLog
  /**
   * Every change to a user's fields: guard, before/after, audit, answering with its own entry. Other
   * writes (sessions ended, exports, identities, targets) are audited through `recordWrite` alike.
   */
  writer: UserWriter
  /** The data files found damaged at start and set aside: each feature that reads one records it here. */
  keptAside: KeptAside
  /** The clock and timers of background checks (a paused job waiting for its server): driven by hand in tests. */
  timers: Timers
}

/** A feature: its part of the handler table and, if it holds resources, how to release them. */
export interface Feature<M> {
  handlers: HandlersFor<M>
  close?(): Promise<void>
}
