import type { bulkChannels } from '@shared/contract/bulk'
import { fail } from '@shared/errors'
import type { AuditEntry } from '@shared/models'
import type { JobView } from '@shared/models/jobs'
import type { Core, Feature } from '../core'
import { describeSelection } from '../jobs/describe'
import type { JobEngine } from '../jobs/job-engine'
import type { SecretStore } from '../projects/secret-store'
import { changeKind, changeTitles, CHANGE_KIND } from './change-kind'
import { DELETE_KIND, deleteKind } from './delete-kind'
import { RESTORE_KIND, restoreKind } from './restore-kind'
import { RestoreVault } from './restore-vault'

interface RunOptions {
  confirm?: string | undefined
  plan?: boolean
}

/** How the Activity screen takes back a delete: a restore job from the sealed copies. */
export interface Restorer {
  /** Whether this audit entry is a deletion its job kept a copy of, not brought back yet. */
  canRestore(entry: AuditEntry, undone: boolean): boolean
  /**
   * Starts (or with `plan`, only plans) a job bringing back a delete job's users (or only `userIds`);
   * null if `jobId` deleted nobody. `confirm` is the person's, for a project that confirms every write.
   */
  restore(jobId: string, userIds?: string[], options?: RunOptions): Promise<JobView> | null
}

export function createBulkFeature(
  core: Core,
  engine: JobEngine,
  secrets: SecretStore,
): Feature<typeof bulkChannels> & { restorer: Restorer } {
  const vault = new RestoreVault(core.dataDir, secrets)
  for (const name of vault.purge())
    core.logger.info('restore copies removed after their keeping time', { file: name })
  engine.register(deleteKind(core, vault))
  engine.register(restoreKind(core, vault))
  engine.register(changeKind(core))

  const restorer: Restorer = {
    canRestore: (entry, undone) =>
      entry.action === DELETE_KIND && !undone && !!entry.jobId && vault.has(entry.jobId, entry.userId ?? ''),
    restore(jobId, userIds, { confirm, plan = false } = {}) {
      const job = engine.list().find((j) => j.id === jobId)
      // A job's folder may be gone; then it is no delete job this data folder can take back.
      if (job?.kind !== DELETE_KIND) return null
      if (vault.info(jobId).kept === 0)
        fail(
          'invalid_request',
          'This delete job kept no restore copies, so its users cannot be brought back.',
        )
      const restore = {
        kind: RESTORE_KIND,
        project: job.project,
        params: { jobId, ...(userIds ? { userIds } : {}) },
        title: userIds?.length === 1 ? `Bring back user ${userIds[0]}` : `Undo: ${job.title}`,
        undoes: jobId,
      }
      return plan
        ? engine.create(restore)
        : engine.createAndStart(restore, confirm !== undefined ? { confirm } : {})
    },
  }

  return {
    restorer,
    handlers: {
      'users.bulkDelete': async ({ project, selection, withoutRestoreCopy }) => {
        const keepCopies = await vault.available()
        if (!keepCopies && !withoutRestoreCopy)
          fail(
            'keychain_unavailable',
            'No OS keychain is reachable, so no restore copy can be kept: the users would be gone for good. Confirm once more to delete them without one.',
          )
        return engine.create({
          kind: DELETE_KIND,
          project,
          params: { selection, keepCopies },
          title: `Delete ${describeSelection(selection)}`,
        })
      },
      'users.bulkChange': ({ project, selection, change }) =>
        engine.create({
          kind: CHANGE_KIND,
          project,
          params: { selection, change },
          title: `${changeTitles[change]} ${describeSelection(selection)}`,
        }),
      'users.restoreInfo': async ({ jobId }) => vault.info(engine.get(jobId).id),
    },
  }
}
