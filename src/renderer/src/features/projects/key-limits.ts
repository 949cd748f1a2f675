import type { ProjectView } from '@shared/models'

export interface KeyLimits {
  canRead: boolean
  canWrite: boolean
  /** Why writes (or reads) are off, in a sentence for a tooltip or banner; null when nothing is. */
  why: string | null
}

/**
 * What the project lets Userdeck do, for screens to grey out controls and say why. Main enforces the
 * same (guardWrite); this only keeps people from trying what will be refused. Unknown scopes (not
 * checked yet) do not disable anything.
 */
export function keyLimits(project: ProjectView | null): KeyLimits {
  if (!project) return { canRead: false, canWrite: false, why: 'Choose a project.' }
  if (!project.key.present) {
    return {
      canRead: false,
      canWrite: false,
      why: `"${project.name}" has no API key. Add one under Projects.`,
    }
  }
  if (project.scopes.read === false && project.scopes.write === false) {
    return {
      canRead: false,
      canWrite: false,
      why: 'This key has neither users.read nor users.write. Add them to the key in the Appwrite Console.',
    }
  }
  if (project.safeMode === 'read-only') {
    return {
      canRead: project.scopes.read !== false,
      canWrite: false,
      // Read on the project's own card too: it names the button there, not only the screen.
      why: `"${project.name}" is read-only in Userdeck. To change users, lower its safe mode: Edit, on its card under Projects.`,
    }
  }
  if (project.scopes.write === false) {
    return {
      canRead: project.scopes.read !== false,
      canWrite: false,
      why: 'This key lacks users.write: it cannot change, block, label or delete users, end sessions or import. Add the scope in the Appwrite Console.',
    }
  }
  if (project.scopes.read === false) {
    return {
      canRead: false,
      canWrite: true,
      why: 'This key lacks users.read: it cannot list or look up users. Add the scope in the Appwrite Console.',
    }
  }
  return { canRead: true, canWrite: true, why: null }
}
