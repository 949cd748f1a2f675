import type { AuditEntry } from '@shared/models'
import type { AuditInput } from '../audit/audit-log'
import type { Core } from '../core'
import type { ResolvedProject } from '../projects/projects-service'

/** One audit entry for an identity, target or sign-in action, attributed like every other write. */
export function recordAccess(
  core: Core,
  project: ResolvedProject,
  action: string,
  userId: string,
  change: Pick<AuditInput, 'before' | 'after' | 'undoOf' | 'jobId'>,
): AuditEntry {
  return core.audit.record({
    project: project.entry.id,
    projectName: project.entry.name,
    keyLastFour: project.keyLastFour,
    action,
    userId,
    ...change,
  })
}

/** Checks the project's guards (read-only, scope, production confirmation) and resolves its client. */
export function guardedProject(
  core: Core,
  ref: string,
  options: { destructive?: boolean; confirm?: string | undefined } = {},
): Promise<ResolvedProject> {
  core.projects.guardWrite(ref, {
    ...(options.destructive ? { destructive: true } : {}),
    ...(options.confirm !== undefined ? { confirm: options.confirm } : {}),
  })
  return core.projects.resolve(ref)
}
