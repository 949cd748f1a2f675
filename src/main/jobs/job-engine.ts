import type { Core } from '../core'

/** Runs every bulk action (labels, sessions, status, import) with preview, journal and resume. */
export class JobEngine {
  constructor(private readonly core: Core) {}

  async close(): Promise<void> {}
}
