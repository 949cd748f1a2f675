import { z } from 'zod'
import { channel, event } from './define'
import { confirm, projectRef, userId } from './common'
import { userFilters } from './users'
import { labelProblem, SEARCH_MAX } from '../appwrite-limits'
import { rowStates, type JobPreview, type JobReportFile, type JobView, type ReportRow } from '../models/jobs'

/** Job ids name a folder under the data folder, so only this shape is accepted. */
export const jobId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'A job id is lower-case letters, digits and "-".')

export const label = z.string().superRefine((value, ctx) => {
  const problem = labelProblem(value)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** Query methods that page, order or pick columns: a job does its own paging and needs whole users. */
const NOT_FILTERS = new Set([
  'limit',
  'offset',
  'cursorAfter',
  'cursorBefore',
  'orderAsc',
  'orderDesc',
  'orderRandom',
  'select',
])

/**
 * One of Appwrite's own queries as node-appwrite's `Query.*` helpers write it and the Appwrite CLI
 * takes it: `{"method":"equal","attribute":"status","values":[false]}`. The server judges the rest.
 */
export const appwriteQuery = z
  .string()
  .max(4096, 'An Appwrite query is at most 4096 characters.')
  .refine((q) => {
    try {
      const parsed = JSON.parse(q) as { method?: unknown }
      return typeof parsed.method === 'string' && !NOT_FILTERS.has(parsed.method)
    } catch {
      return false
    }
  }, 'An Appwrite query is JSON like {"method":"equal","attribute":"status","values":[false]}, and filters only: paging and order are the job\'s.')

export const selection = z
  .strictObject({
    ids: z.array(userId).min(1, 'Pick at least one user.').max(100_000).optional(),
    search: z.string().max(SEARCH_MAX, `Search is at most ${SEARCH_MAX} characters.`).optional(),
    labels: z.array(label).min(1).max(100).optional(),
    /** The user browser's filters, the same queries it lists with. */
    filters: userFilters.optional(),
    /** Appwrite's own queries, all of which a user must match. */
    queries: z.array(appwriteQuery).min(1).max(100).optional(),
    all: z.literal(true).optional(),
  })
  .refine(
    (s) =>
      [
        s.ids !== undefined,
        s.search !== undefined ||
          s.labels !== undefined ||
          s.filters !== undefined ||
          s.queries !== undefined,
        s.all === true,
      ].filter(Boolean).length === 1,
    'Choose the users one way: ids, a query (search, labels, filters and/or Appwrite queries), or all.',
  )

export const jobsChannels = {
  'jobs.list': channel<JobView[]>()(z.strictObject({ project: projectRef.optional() })),
  'jobs.get': channel<JobView>()(z.strictObject({ jobId })),
  /** The dry run: computed once per job (reads only), then paged. */
  'jobs.preview': channel<JobPreview>()(
    z.strictObject({
      jobId,
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
  ),
  /**
   * Stops a dry run `jobs.preview` is still working out (its dialog was closed): a delete's reads
   * four lists a user, and over 60,000 users ran on for minutes unseen. The job stays planned; the
   * next `jobs.preview` works it out again. A dry run already done is kept.
   */
  'jobs.stopPreview': channel<JobView>()(z.strictObject({ jobId })),
  'jobs.start': channel<JobView>()(z.strictObject({ jobId, confirm })),
  'jobs.pause': channel<JobView>()(z.strictObject({ jobId })),
  'jobs.resume': channel<JobView>()(z.strictObject({ jobId, confirm })),
  'jobs.cancel': channel<JobView>()(z.strictObject({ jobId })),
  /**
   * Removes a planned job, folder and all: a dry run that will not be applied. Any other state is
   * refused, its journal and report being the record of what it did. Told as `jobs.removed`.
   */
  'jobs.discard': channel<{ discarded: string }>()(z.strictObject({ jobId })),
  /**
   * Ends this process's run of a job as quitting does: the rows in flight end, and the job is left
   * interrupted, for `jobs.resume` (the CLI's Ctrl-C).
   */
  'jobs.interrupt': channel<JobView>()(z.strictObject({ jobId })),
  /** Plans a new job of the same kind and options over exactly the rows an ended job failed. */
  'jobs.retryFailed': channel<JobView>()(z.strictObject({ jobId })),
  'jobs.report': channel<JobReportFile>()(z.strictObject({ jobId, format: z.enum(['csv', 'json']) })),
  /**
   * Every row of a job's report with one of these outcomes, sent as `jobs.reportRows` events tagged
   * `streamId`, all before this answers with the count. Jobs of millions of rows are never held whole.
   */
  'jobs.streamReport': channel<{ rows: number }>()(
    z.strictObject({
      jobId,
      streamId: z.string().min(1).max(64),
      outcomes: z
        .array(z.enum(rowStates))
        .min(1)
        .default([...rowStates]),
    }),
  ),
}

export const jobsEvents = {
  /**
   * A job's state or progress; at most ten a second per job, and always its last state. Also a job
   * another process (the CLI) made on the same data folder, within about a second of its making.
   */
  'jobs.changed': event<JobView>(),
  /** A job is gone: discarded (`jobs.discard`, here or in another process), or its record set aside as damaged. */
  'jobs.removed': event<{ jobId: string }>(),
  /** A batch of a `jobs.streamReport`, in report order. */
  'jobs.reportRows': event<{ streamId: string; rows: ReportRow[] }>(),
  /**
   * How far a job's dry run has got while `jobs.preview` works it out; at most ten a second. `rows`:
   * rows decided. `listed`: users its selection was found to hold, which a labels, block or delete job
   * lists in full before it decides any (0 for a kind that decides each row as it reads it).
   */
  'jobs.previewProgress': event<{ jobId: string; rows: number; listed: number }>(),
}
