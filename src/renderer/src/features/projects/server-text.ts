import { serverName } from '@shared/appwrite-versions'
import type { ProjectView } from '@shared/models'

/** The project's Appwrite as a person reads it: "Appwrite 1.9.5", "Appwrite Cloud", or not yet known. */
export function serverText(p: ProjectView): string {
  return p.server ? serverName(p.server) : 'Appwrite version not known yet'
}
