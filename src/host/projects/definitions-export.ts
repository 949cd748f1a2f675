import { z } from 'zod'
import { signInLinkTemplate } from '@shared/contract/access'
import { projectDefinition } from '@shared/contract/projects'
import { fail } from '@shared/errors'
import { sendsKeyInClear } from '@shared/endpoints'
import type { ProjectEntry } from './registry'

const FORMAT = 'userdeck-projects'

/**
 * What a definitions file holds for each project: where it is, how it looks, and the app's sign-in link
 * template when one is set (placeholders only, never a secret). Never a key.
 */
const exportedProject = projectDefinition.safeExtend({ signInLink: signInLinkTemplate.optional() })
export type ProjectDefinition = z.output<typeof exportedProject>

/** Files exported before safe-mode levels carry a read-only switch; it is read as the level it meant. */
const legacyReadOnly = (raw: unknown) => {
  if (typeof raw !== 'object' || raw === null || !('readOnly' in raw)) return raw
  const { readOnly, ...rest } = raw as Record<string, unknown>
  return readOnly === true ? { safeMode: 'read-only', ...rest } : rest
}

const definitionsFile = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  projects: z.array(z.preprocess(legacyReadOnly, exportedProject)).max(1000),
})

/** Fields are copied one by one, so nothing added to an entry later can slip into an export unseen. */
export function exportDefinitions(
  entries: readonly ProjectEntry[],
  linkTemplate: (ref: string) => string | null,
  now = new Date(),
): string {
  const projects: ProjectDefinition[] = entries.map((e) => {
    const signInLink = linkTemplate(e.id)
    return {
      name: e.name,
      endpoint: e.endpoint,
      projectId: e.projectId,
      colour: e.colour as ProjectDefinition['colour'],
      tag: e.tag,
      safeMode: e.safeMode,
      // A plain-http project was accepted as such when added; the file says so, or it could not come back in.
      ...(sendsKeyInClear(e.endpoint) ? { allowInsecureHttp: true } : {}),
      ...(signInLink ? { signInLink } : {}),
    }
  })
  return (
    JSON.stringify({ format: FORMAT, version: 1, exportedAt: now.toISOString(), projects }, null, 2) + '\n'
  )
}

export function parseDefinitions(text: string): ProjectDefinition[] {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    fail('invalid_input', 'This is not JSON. Choose a file exported from Userdeck’s Projects screen.')
  }
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== FORMAT) {
    fail(
      'invalid_input',
      'This JSON is not a Userdeck projects file (its "format" is not "userdeck-projects").',
    )
  }
  const parsed = definitionsFile.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.map(String).join('.') ?? ''
    fail(
      'invalid_input',
      `The projects file is not valid at "${where}": ${issue?.message ?? 'unexpected value'}.`,
      {
        field: where,
      },
    )
  }
  return parsed.data.projects
}
