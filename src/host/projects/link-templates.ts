import { join } from 'node:path'
import { signInLinkTemplate } from '@shared/contract/access'
import { readPrivateJson, writePrivateJson } from '../private-files'

interface TemplatesFile {
  version: 1
  /** Project entry id → the app's sign-in URL with `{userId}` and `{secret}`. */
  templates: Record<string, string>
}

/**
 * Each project's sign-in link template, a setting of Userdeck's own (not of the Appwrite project), in
 * one small file beside the registry. A template holds placeholders only, never a secret.
 */
export class LinkTemplates {
  private readonly file: string
  private templates: Record<string, string>

  /** @param setAside told where a damaged file was renamed to (see `readPrivateJson`). */
  constructor(dataDir: string, setAside: (keptAs: string) => void) {
    this.file = join(dataDir, 'sign-in-links.json')
    this.templates = readPrivateJson(this.file, usable, setAside) ?? {}
  }

  get(project: string): string | null {
    return Object.hasOwn(this.templates, project) ? this.templates[project]! : null
  }

  /** Sets or (with null) clears the project's template; clearing one that is not there writes nothing. */
  set(project: string, template: string | null): void {
    if (template === null && !Object.hasOwn(this.templates, project)) return
    const next = { ...this.templates }
    if (template === null) delete next[project]
    else next[project] = template
    const body: TemplatesFile = { version: 1, templates: next }
    writePrivateJson(this.file, body)
    this.templates = next
  }
}

/**
 * The templates a file holds that the window would have accepted. One edited by hand into something
 * else is left out, so it is never filled in with a secret; the others stand.
 */
function usable(stored: unknown): Record<string, string> {
  const { templates } = stored as TemplatesFile
  if (typeof templates !== 'object' || templates === null) throw new TypeError('not templates')
  return Object.fromEntries(
    Object.entries(templates).filter(
      (entry): entry is [string, string] => signInLinkTemplate.safeParse(entry[1]).success,
    ),
  )
}
