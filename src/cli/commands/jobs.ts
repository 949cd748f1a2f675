import { copyFileSync } from 'node:fs'
import type { Command } from 'commander'
import { etaText } from '@shared/clock'
import { fail } from '@shared/errors'
import { pauseSentence } from '@shared/job-pause'
import type { JobPreview, JobView, RowPreview, Selection } from '@shared/models/jobs'
import { confirmOf, int, withConfirmOption, type CliContext } from '../context'
import { reconnect, withConnectionOptions, type ConnectionOptions } from '../reconnect'
import { INTERRUPTED_EXIT, shellWord, table } from '../output'
import { followJob } from '../follow-job'

/** The ways every bulk command picks its users. */
export interface SelectionOptions {
  user?: string[]
  query?: string[]
  search?: string
  all?: boolean
}

export interface RunOptions {
  dryRun?: boolean
  yes?: boolean
  confirm?: string
}

export function addSelectionOptions(command: Command): Command {
  return command
    .option('-u, --user <id>', 'a user id (repeat for more)', (v: string, prev: string[] = []) => [
      ...prev,
      v,
    ])
    .option(
      '--query <json>',
      'a selection as JSON ({"labels":["contractor"]}, {"filters":{"anonymous":true}}), or Appwrite query JSON ({"method":"equal","attribute":"status","values":[false]}), repeatable',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('-s, --search <text>', 'users matching this search')
    .option('--all', 'every user of the project')
}

export function addRunOptions(command: Command): Command {
  return withConfirmOption(
    command
      .option('--dry-run', 'show what would change and write nothing')
      .option('-y, --yes', 'apply it (without it, the preview is shown and nothing is written)'),
  )
}

export function selectionFrom(opts: SelectionOptions): Selection {
  const ways = [opts.user, opts.query, opts.search, opts.all].filter((v) => v !== undefined && v !== false)
  if (ways.length !== 1)
    fail('invalid_input', 'Choose the users one way: --user, --query, --search or --all.')
  if (opts.user) return { ids: opts.user }
  if (opts.search) return { search: opts.search }
  if (opts.all) return { all: true }
  return queryFrom(opts.query!)
}

/** One Userdeck selection, or any number of Appwrite queries (each `{"method":…}`), all of which must match. */
function queryFrom(given: string[]): Selection {
  const parsed = given.map((text) => {
    try {
      return JSON.parse(text) as Record<string, unknown>
    } catch {
      return fail('invalid_input', `--query is not JSON: ${text.slice(0, 80)}`, { field: 'query' })
    }
  })
  const appwrite = parsed.filter((q) => typeof q.method === 'string')
  if (appwrite.length === parsed.length) return { queries: given }
  if (parsed.length > 1)
    fail(
      'invalid_input',
      'Give one Userdeck selection, or Appwrite queries ({"method":…}) in each --query.',
      {
        field: 'query',
      },
    )
  return parsed[0] as Selection
}

function cell(value: Record<string, unknown> | undefined): string {
  if (!value) return ''
  return Object.entries(value)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : String(v)}`)
    .join(' ')
}

export function previewText(preview: JobPreview): string {
  const c = preview.counts
  const rows = preview.rows.map((r: RowPreview) => [
    r.label,
    r.action,
    cell(r.before),
    cell(r.after),
    r.reason ?? '',
  ])
  const more = preview.truncated ? `\n… and ${c.total - preview.rows.length} more` : ''
  return `${table(['USER', 'ACTION', 'BEFORE', 'AFTER', 'WHY'], rows, 60)}${more}\n${c.total} users: ${c.change} to change, ${c.skip} unchanged, ${c.fail} cannot be done`
}

export function jobLine(job: JobView): string {
  const c = job.counts
  const pause = pauseSentence(job)
  const where = job.runningIn === null ? '' : ` (in another Userdeck process, pid ${job.runningIn})`
  return `${job.id}  ${job.state}${where}  ${c.done} done, ${c.skipped} skipped, ${c.failed} failed of ${c.total ?? '?'}${pause ? `\n${pause}` : ''}`
}

/** The command that starts a planned job, with `--confirm NAME` where the project's guard will ask for it. */
export function startCommand(planned: JobView, confirm?: string): string {
  const name = confirm ?? (planned.startAsks ? planned.projectName : undefined)
  return `userdeck jobs start ${planned.id}${name === undefined ? '' : ` --confirm ${shellWord(name)}`}`
}

/**
 * What a preview leaves, on stderr: nothing written, and the command that applies the planned job as
 * previewed (a dry run is a planned job's preview too, so `jobs list` shows it; it should not be found
 * there unexplained).
 */
export function sayNothingWritten(
  ctx: CliContext,
  planned: JobView,
  opts: { dryRun?: boolean; confirm?: string },
): void {
  const command = startCommand(planned, opts.confirm)
  ctx.io.err(
    opts.dryRun
      ? `Dry run: nothing was written. The job stays planned; to apply it as previewed: ${command}`
      : `Nothing was written. Re-run with --yes to apply, or: ${command}`,
  )
  ctx.io.err(`To drop the planned job instead: userdeck jobs discard ${planned.id}`)
}

/**
 * Preview, then run only with --yes: without it the preview is printed with the job id and how to
 * apply, and nothing is written. Never asks a question, so scripts and pipes cannot hang on it.
 */
export async function previewAndRun(ctx: CliContext, planned: JobView, opts: RunOptions): Promise<void> {
  if (opts.dryRun || !opts.yes) {
    const preview = await ctx.call('jobs.preview', { jobId: planned.id, limit: 50 })
    ctx.print({ job: planned, preview }, () => previewText(preview))
    sayNothingWritten(ctx, planned, opts)
    return
  }
  await runJob(ctx, planned.id, () => ctx.call('jobs.start', { jobId: planned.id, ...confirmOf(opts) }))
}

/**
 * Starts (or resumes) a job with `begin` and follows it until it stops, with a progress line on
 * standard error about once a second (none in JSON mode). Answers with the job's last view.
 */
export async function followWithProgress(
  ctx: CliContext,
  jobId: string,
  begin: () => Promise<JobView>,
): Promise<JobView> {
  let lastLine = 0
  // Ctrl-C stops the run here as quitting the window does: the rows in flight end, so none is left
  // unknown, and the job waits, interrupted, for `jobs resume`. A second Ctrl-C quits at once.
  const stopListening = ctx.io.onInterrupt?.(() => {
    ctx.interrupted = true
    ctx.io.err('Stopping: the calls already sent are ending. Ctrl-C again quits at once.')
    ctx.call('jobs.interrupt', { jobId }).catch(() => {
      // It ended meanwhile: the follow answers with how.
    })
  })
  try {
    return await followJob((await ctx.getHost()).events, jobId, begin, (job) => {
      if (ctx.json || Date.now() - lastLine < 1000) return
      lastLine = Date.now()
      const eta = job.etaSeconds !== null ? `, about ${etaText(job.etaSeconds)} left` : ''
      ctx.io.err(`${jobLine(job)} (${job.rate}/s${eta})`)
    })
  } finally {
    stopListening?.()
  }
}

/**
 * How a followed job ends the command: 0 when every row was done or skipped, 130 when Ctrl-C stopped
 * it (resumable), else 1. An interrupted job names the command that goes on with it.
 */
export function endOfRun(ctx: CliContext, job: JobView): string {
  if (ctx.interrupted && job.state === 'interrupted') ctx.exitCode = INTERRUPTED_EXIT
  else if (job.counts.failed > 0 || job.state !== 'completed') ctx.exitCode = 1
  return job.state === 'interrupted' ? `\nresume: userdeck jobs resume ${job.id}` : ''
}

/** Starts (or resumes) a job, follows it to the end and prints how it ended. */
async function runJob(ctx: CliContext, jobId: string, begin: () => Promise<JobView>): Promise<void> {
  const job = await followWithProgress(ctx, jobId, begin)
  const resume = endOfRun(ctx, job)
  ctx.print(
    job,
    (j) =>
      `${jobLine(j)}${j.lastError ? `\nlast error: ${j.lastError}` : ''}\nreport: userdeck jobs report ${j.id}${resume}`,
  )
}

/** A job's project named again, when it was named by URL (the job keeps where). */
async function reconnectJob(ctx: CliContext, jobId: string, opts: ConnectionOptions): Promise<void> {
  const job = await ctx.call('jobs.get', { jobId })
  await reconnect(ctx, { ...job, subject: `Job ${jobId}` }, opts)
}

/**
 * The jobs of the project `jobs list --project` names, as every command names one: a stored project by
 * name or id, so a typo is said rather than listing no jobs. A job on a project named by URL, or on one
 * removed since, is not stored: it is named by the ref the list shows for it.
 */
async function jobsOfProject(ctx: CliContext, given: string): Promise<JobView[]> {
  const byRef = await ctx.call('jobs.list', { project: given })
  if (byRef.length > 0) return byRef
  return ctx.call('jobs.list', { project: await ctx.projectRef(given) })
}

export function registerJobsCommands(program: Command, ctx: CliContext): void {
  const jobs = program.command('jobs').description('bulk jobs: list, start, resume, cancel, discard, report')

  jobs
    .command('list')
    .description('jobs in this data folder, newest first')
    .option(
      '-p, --project <name|id>',
      'only this project: a stored one by name or id, or the PROJECT this list shows for a job',
    )
    .action(async (opts: { project?: string }) => {
      const list =
        opts.project === undefined ? await ctx.call('jobs.list', {}) : await jobsOfProject(ctx, opts.project)
      ctx.print(list, (l) =>
        table(
          ['ID', 'KIND', 'PROJECT', 'STATE', 'DONE', 'SKIPPED', 'FAILED', 'TOTAL', 'TITLE'],
          l.map((j) => [
            j.id,
            j.kind,
            j.project,
            j.state,
            String(j.counts.done),
            String(j.counts.skipped),
            String(j.counts.failed),
            String(j.counts.total ?? '?'),
            j.title,
          ]),
          60,
        ),
      )
    })

  jobs
    .command('show <id>')
    .description("a job's state and counts")
    .action(async (id: string) => ctx.print(await ctx.call('jobs.get', { jobId: id }), jobLine))

  jobs
    .command('preview <id>')
    .description("a planned job's dry run")
    .option('--limit <n>', 'rows to show', int, 50)
    .action(async (id: string, opts: { limit: number }) => {
      const preview = await ctx.call('jobs.preview', { jobId: id, limit: opts.limit })
      ctx.print(preview, previewText)
    })

  withConfirmOption(
    withConnectionOptions(jobs.command('start <id>').description('run a planned job and follow it'), 'a job'),
  ).action(async (id: string, opts: ConnectionOptions & { confirm?: string }) => {
    await reconnectJob(ctx, id, opts)
    await runJob(ctx, id, () => ctx.call('jobs.start', { jobId: id, ...confirmOf(opts) }))
  })

  withConfirmOption(
    withConnectionOptions(
      jobs.command('resume <id>').description('continue an interrupted job from its journal and follow it'),
      'a job',
    ),
  ).action(async (id: string, opts: ConnectionOptions & { confirm?: string }) => {
    await reconnectJob(ctx, id, opts)
    await runJob(ctx, id, () => ctx.call('jobs.resume', { jobId: id, ...confirmOf(opts) }))
  })

  jobs
    .command('cancel <id>')
    .description('stop a job; rows not reached stay pending in the report')
    .action(async (id: string) => ctx.print(await ctx.call('jobs.cancel', { jobId: id }), jobLine))

  jobs
    .command('discard <id>')
    .description('remove a planned job (a dry run you will not apply); a job that ran keeps its report')
    .action(async (id: string) => {
      const { discarded } = await ctx.call('jobs.discard', { jobId: id })
      ctx.io.err(`Discarded the planned job ${discarded}.`)
    })

  withConnectionOptions(
    addRunOptions(
      jobs
        .command('retry <id>')
        .description(
          'plan a new job over exactly the rows an ended job failed: shows its preview, or runs it with --yes',
        ),
    ),
    'a job',
  ).action(async (id: string, opts: ConnectionOptions & RunOptions) => {
    await reconnectJob(ctx, id, opts)
    const planned = await ctx.call('jobs.retryFailed', { jobId: id })
    await previewAndRun(ctx, planned, opts)
  })

  withConnectionOptions(
    jobs
      .command('undo <id>')
      .description('take back what a job did: set changed fields back, bring deleted users back; follows it')
      .option('--force', 'also set back fields that changed since the job'),
    'a job',
  ).action(async (id: string, opts: ConnectionOptions & { force?: boolean }) => {
    // From its Activity entries, which outlive the job's own folder: they say where it was made.
    const [made] = (await ctx.call('activity.list', { jobId: id, limit: 1 })).entries
    if (made) await reconnect(ctx, { ...made, subject: `Job ${id}` }, opts)
    const undo = await ctx.call('activity.undoJob', { jobId: id, force: opts.force === true })
    // Read again once followed: the undo may have ended before the subscription began.
    await runJob(ctx, undo.id, () => ctx.call('jobs.get', { jobId: undo.id }))
  })

  jobs
    .command('report <id>')
    .description('every row of a job: done, skipped and why, failed and why')
    .option('--format <format>', 'csv or json', 'csv')
    .option('-o, --out <file>', 'write it to this file instead of printing it')
    .action(async (id: string, opts: { format: string; out?: string }) => {
      if (opts.format !== 'csv' && opts.format !== 'json')
        fail('invalid_input', '--format is csv or json.', { field: 'format' })
      const report = await ctx.call('jobs.report', { jobId: id, format: opts.format })
      if (opts.out) {
        copyFileSync(report.path, opts.out)
        ctx.io.err(`wrote ${opts.out}`)
      } else {
        ctx.io.out(report.text)
        if (report.truncated)
          ctx.io.err(
            `printed the first rows of ${report.rows}; every row is in ${report.path} (or use --out FILE)`,
          )
      }
    })
}
