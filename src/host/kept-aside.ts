import type { KeptAsideFile } from '@shared/models'
import type { EventBus } from './events'
import type { Logger } from './logger'

/**
 * The data files found damaged and renamed aside this run (see `readPrivateJson`): most as the host
 * starts, a job's record at any list of jobs (another process may have written it since). Each is
 * written to the log and named to the window and the CLI: without that, a person whose list of
 * projects was cut short would see an empty list and no reason, and not know where to recover it from.
 */
export class KeptAside {
  private readonly files: KeptAsideFile[] = []

  constructor(
    private readonly logger: Logger,
    private readonly events: EventBus,
  ) {}

  /** What `readPrivateJson` calls with the damaged file's new path; `held` says what it held, as a person would. */
  recorder(held: string): (keptAs: string) => void {
    return (keptAs) => {
      this.files.push({ held, keptAs })
      this.logger.warn('damaged data file set aside', { held, keptAs })
      // A window already open learns of it too: a job's record is read again at every list.
      this.events.emit('app.keptAside', { held, keptAs })
    }
  }

  list(): KeptAsideFile[] {
    return [...this.files]
  }
}
