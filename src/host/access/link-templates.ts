import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

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

  constructor(dataDir: string) {
    this.file = join(dataDir, 'sign-in-links.json')
    this.templates = existsSync(this.file)
      ? (JSON.parse(readFileSync(this.file, 'utf8')) as TemplatesFile).templates
      : {}
  }

  get(project: string): string | null {
    return Object.hasOwn(this.templates, project) ? this.templates[project]! : null
  }

  set(project: string, template: string | null): void {
    const next = { ...this.templates }
    if (template === null) delete next[project]
    else next[project] = template
    mkdirSync(join(this.file, '..'), { recursive: true })
    const body: TemplatesFile = { version: 1, templates: next }
    // Written whole and renamed, so a crash leaves the old file or the new one, never half of one.
    const tmp = `${this.file}.tmp`
    writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 })
    renameSync(tmp, this.file)
    this.templates = next
  }
}
