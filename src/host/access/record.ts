import type { Core } from '../core'
import type { ResolvedProject } from '../projects/projects-service'

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
