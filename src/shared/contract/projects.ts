import { z } from 'zod'
import { channel, event } from './define'
import { empty, projectRef } from './common'
import { ID_PATTERN } from '../appwrite-limits'
import { projectTags, safeModes, type ProjectView } from '../models'
import type { AppwriteServer } from '../appwrite-versions'
import { endpointProblem, insecureHttpProblem } from '../endpoints'

/** The colours a project can wear: Mantine's palette names, so every shade works in light and dark. */
export const projectColours = [
  'red',
  'pink',
  'grape',
  'violet',
  'indigo',
  'blue',
  'cyan',
  'teal',
  'green',
  'lime',
  'yellow',
  'orange',
  'gray',
] as const

export const PROJECT_NAME_MAX = 64
/** Appwrite keys are a prefix and 256 hex characters; anything far longer is a paste gone wrong. */
export const API_KEY_MAX = 1024
/** A definitions file holds names and URLs only; a megabyte is thousands of projects. */
export const DEFINITIONS_MAX_CHARS = 1_000_000

const name = z
  .string()
  .trim()
  .min(1, 'Give the project a name.')
  .max(PROJECT_NAME_MAX, `A project name is at most ${PROJECT_NAME_MAX} characters.`)
const endpoint = z
  .string()
  .trim()
  .max(2048, 'The endpoint is too long.')
  .superRefine((value, ctx) => {
    const problem = endpointProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
const projectId = z
  .string()
  .trim()
  .regex(ID_PATTERN, 'A project id is 1–36 characters of a-z, A-Z, 0-9, ".", "-", "_".')
const colour = z.enum(projectColours, { message: 'Pick one of the offered colours.' })
const tag = z.enum(projectTags, { message: 'The tag is production, staging, development or demo.' })
const safeMode = z.enum(safeModes, { message: 'The safe mode is off, confirm or read-only.' })
/** Keys cross into main once, when entered; nothing ever sends one back. */
export const apiKey = z
  .string()
  .trim()
  .min(1, 'Paste the API key.')
  .max(API_KEY_MAX, 'That is longer than any Appwrite API key.')
  .regex(/^\S+$/, 'An API key has no spaces or line breaks.')

/**
 * The project's stored API key, typed again: what a window alone cannot know. Lowering a guard, or
 * reading password hashes out of a guarded project, needs it; the host compares it with the keychain.
 */
export const guardProof = apiKey.optional()

/** The person accepts that the key travels unencrypted to this plain-http endpoint (not needed on loopback). */
const allowInsecureHttp = z.boolean().optional()

/** Plain http to another machine is refused, on the endpoint field, unless accepted in the same input. */
function unencryptedRefused(input: { endpoint?: string; allowInsecureHttp?: boolean }, ctx: z.RefinementCtx) {
  const problem = input.endpoint && insecureHttpProblem(input.endpoint, input.allowInsecureHttp)
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['endpoint'] })
}

const definitionFields = z.strictObject({
  name,
  endpoint,
  projectId,
  colour: colour.default('indigo'),
  tag: tag.default('development'),
  /** Absent: the tag's default (production confirms every write). */
  safeMode: safeMode.optional(),
  allowInsecureHttp,
})

export const projectDefinition = definitionFields.superRefine(unencryptedRefused)

export interface ConnectionReport {
  ok: boolean
  scopes: { read: boolean | null; write: boolean | null }
  /** Its version (GET /health/version) and whether it is Appwrite Cloud; null when it did not answer. */
  server: AppwriteServer | null
  /** Why the check failed, in words a person can act on; null when it answered. */
  error: { code: string; message: string } | null
}

export interface ImportReport {
  /** Added projects: none has a key yet, so the UI asks for each one. */
  added: ProjectView[]
  skipped: { name: string; reason: string }[]
}

export const projectsChannels = {
  /** `watch` starts re-checking unreachable projects in the background (the window asks; the CLI does not). */
  'projects.list': channel<ProjectView[]>()(z.strictObject({ watch: z.boolean().optional() })),
  'projects.add': channel<ProjectView>()(
    definitionFields.extend({ key: apiKey }).superRefine(unencryptedRefused),
  ),
  'projects.update': channel<ProjectView>()(
    z
      .strictObject({
        project: projectRef,
        name: name.optional(),
        endpoint: endpoint.optional(),
        allowInsecureHttp,
        projectId: projectId.optional(),
        colour: colour.optional(),
        tag: tag.optional(),
        /** A lower level than now needs `proof`. */
        safeMode: safeMode.optional(),
        /**
         * Lowering a guard needs it: a lower safe mode, off production, and on a guarded project (production
         * or a safe mode above off) another endpoint, project id or key. See `src/host/projects/guard-proof.ts`.
         */
        proof: guardProof,
        /** A new key; required when the endpoint moves to another server (keys go only where they were entered). */
        key: apiKey.optional(),
      })
      .superRefine(unencryptedRefused),
  ),
  /** Replaces the stored key (explicitly) and re-checks the connection with it; on a guarded project, with `proof`. */
  'projects.setKey': channel<ProjectView>()(
    z.strictObject({ project: projectRef, key: apiKey, proof: guardProof }),
  ),
  /** Deletes the stored key; on a guarded project whose key its server accepts, with `proof`. */
  'projects.deleteKey': channel<ProjectView>()(z.strictObject({ project: projectRef, proof: guardProof })),
  /** Removes the project and its key. A production project needs its name typed in `confirm`; a guarded one `proof`. */
  'projects.remove': channel<{ removed: string }>()(
    z.strictObject({
      project: projectRef,
      confirm: z.string().max(PROJECT_NAME_MAX).optional(),
      proof: guardProof,
    }),
  ),
  /** The user's projects in their new order; the demo project always stays first. */
  'projects.reorder': channel<ProjectView[]>()(z.strictObject({ order: z.array(projectRef).max(1000) })),
  'projects.check': channel<ProjectView>()(z.strictObject({ project: projectRef })),
  /** Tries a connection before anything is saved: the add form's "Test connection". */
  'projects.test': channel<ConnectionReport>()(
    z
      .strictObject({
        endpoint,
        allowInsecureHttp,
        projectId,
        key: apiKey.optional(),
        /** Without `key`: use this stored project's key (editing the address of a saved project). */
        project: projectRef.optional(),
      })
      .refine((t) => t.key !== undefined || t.project !== undefined, {
        message: 'Paste the API key.',
        path: ['key'],
      })
      .superRefine(unencryptedRefused),
  ),
  /** A project by its entry id, else its name (exact, then ignoring case): how scripts name one. */
  'projects.find': channel<ProjectView>()(
    z.strictObject({ nameOrId: z.string().trim().min(1, 'Name a project.').max(PROJECT_NAME_MAX) }),
  ),
  /**
   * A project named by its address instead of stored: kept with its key in memory until the host
   * closes, never written. The same address always gets the same ref, so a job on it can be resumed
   * by connecting again.
   */
  'projects.connect': channel<ProjectView>()(
    z.strictObject({ endpoint, allowInsecureHttp, projectId, key: apiKey }).superRefine(unencryptedRefused),
  ),
  /** Every project definition as JSON text, without keys (and without the demo project). */
  'projects.export': channel<{ json: string; count: number }>()(empty),
  'projects.import': channel<ImportReport>()(
    z.strictObject({ json: z.string().min(1).max(DEFINITIONS_MAX_CHARS, 'The file is too large.') }),
  ),
}

export const projectsEvents = {
  /** A project's reachability or scopes changed; the whole view is sent so the renderer just replaces it. */
  'projects.changed': event<ProjectView>(),
}
