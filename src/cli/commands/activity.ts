import type { Command } from 'commander'
import { exactTime } from '@shared/clock'
import { describeEntry, describeJob, userOf } from '@shared/describe-entry'
import type { ActivityEntry, ActivityJobSummary, ActivityPage } from '@shared/models/activity'
import { userFilterOf } from '@shared/contract/activity'
import { undoBlockedWords } from '@shared/undo-blocked'
import { int, type CliContext } from '../context'
import { table } from '../output'

interface ActivityOptions {
  project?: string
  user?: string
  action?: string
  job?: string
  limit: number
  before?: string
}

/** Whether an entry can still be set back, in one word. */
function undoState(e: ActivityEntry): string {
  if (e.undone) return 'undone'
  if (e.undoBlocked) return undoBlockedWords[e.undoBlocked].short
  return e.undoable ? 'undoable' : '-'
}

/** The same for a job's entries, counted. */
function jobUndoState(job: ActivityJobSummary): string {
  if (job.undone > 0) return `${job.undone} of ${job.count} undone`
  if (job.undoable > 0) return 'undoable'
  return job.undoBlocked ? undoBlockedWords[job.undoBlocked].short : '-'
}

/** The log as the Activity screen lists it: an entry a row, a bulk job's entries one row with its counts. */
function activityText(page: ActivityPage, filtered: boolean): string {
  const rows = page.entries.map((e) => {
    const job = e.jobId ? page.jobs?.[e.jobId] : undefined
    if (job) {
      const users = job.count === 1 ? '1 user' : `${job.count} users`
      return [
        exactTime(job.to),
        e.projectName,
        users,
        describeJob(job),
        jobUndoState(job),
        `job ${job.jobId}`,
      ]
    }
    const user = userOf(e)
    return [
      exactTime(e.time),
      e.projectName,
      user.label ?? user.id ?? '-',
      describeEntry(e),
      undoState(e),
      e.id,
    ]
  })
  if (rows.length === 0)
    return filtered
      ? 'Nothing recorded with these filters.'
      : 'Nothing recorded yet: every change made to a user from Userdeck is listed here. An import is not; it is a job (userdeck jobs list).'
  const more = page.nextBefore ? `\nmore: --before ${page.nextBefore}` : ''
  return `${table(['WHEN', 'PROJECT', 'USER', 'WHAT', 'UNDO', 'ENTRY'], rows, 48)}${more}\nundo an entry: userdeck users undo ENTRY; a whole job: userdeck jobs undo JOB`
}

export function registerActivityCommands(program: Command, ctx: CliContext): void {
  program
    .command('activity')
    .description(
      "the audit log of every change made to users from Userdeck, newest first, with each one's undo",
    )
    .option('-p, --project <name|id>', 'only this stored project (default: every project)')
    .option('--user <email|id>', "only this user's changes: their email (as it was then) or id")
    .option('--action <action>', 'only this action: labels.add, sessions.kill, users.update…')
    .option('--job <jobId>', "only this bulk job's changes, each one")
    .option('-l, --limit <n>', 'rows at most (1–1000)', int, 50)
    .option('--before <entryId>', 'read further back, from the "more:" line of the page before')
    .action(async (opts: ActivityOptions) => {
      const page = await ctx.call('activity.list', {
        ...(opts.project !== undefined ? { project: await ctx.projectRef(opts.project) } : {}),
        ...(opts.user !== undefined ? userFilterOf(opts.user) : {}),
        ...(opts.action !== undefined ? { action: opts.action } : {}),
        ...(opts.job !== undefined ? { jobId: opts.job } : {}),
        ...(opts.before !== undefined ? { before: opts.before } : {}),
        limit: opts.limit,
        // One row a job, as the window shows it; asked for one job, its entries are the list.
        groupJobs: opts.job === undefined,
      })
      const filtered = [opts.project, opts.user, opts.action, opts.job].some((f) => f !== undefined)
      ctx.print(page, (p) => activityText(p, filtered))
    })
}
