import type { Channel, Input } from '@shared/contract'
import { foundationExamples } from './foundation'
import { projectsExamples } from './projects'
import { usersExamples } from './users'
import { sessionsExamples } from './sessions'
import { labelsExamples } from './labels'
import { jobsExamples } from './jobs'
import { importExamples } from './import'
import { activityExamples } from './activity'
import { bulkExamples } from './bulk'
import { accessExamples } from './access'
import { settingsExamples } from './settings'

/**
 * One valid input per channel, each feature in its own file. Typed as a full Record, so a channel added
 * to the contract without an example fails the typecheck, and so every channel is fuzzed.
 */
export const validInputs: { [C in Channel]: Input<C> } = {
  ...foundationExamples,
  ...projectsExamples,
  ...usersExamples,
  ...sessionsExamples,
  ...labelsExamples,
  ...jobsExamples,
  ...importExamples,
  ...activityExamples,
  ...bulkExamples,
  ...accessExamples,
  ...settingsExamples,
}
