import type { Command } from 'commander'
import { fail } from '@shared/errors'
import { confirmOf, withProjectOptions, type CliContext, type ProjectOptions } from '../context'
import { table } from '../output'
import {
  addRunOptions,
  addSelectionOptions,
  previewAndRun,
  selectionFrom,
  startCommand,
  type RunOptions,
  type SelectionOptions,
} from './jobs'
import { dayAndTime } from '@shared/clock'

type KillOptions = SelectionOptions & RunOptions & ProjectOptions & { session?: string; lockOut?: boolean }

export function registerSessionsCommands(program: Command, ctx: CliContext): void {
  const sessions = program.command('sessions').description("see and end users' sessions")

  const list = withProjectOptions(
    sessions
      .command('list')
      .description("one user's sessions (--user), or how many sessions each selected user has"),
  )
  addSelectionOptions(list).action(async (opts: SelectionOptions & ProjectOptions) => {
    const project = await ctx.resolveProject(opts)
    if (opts.user?.length === 1 && !opts.query && !opts.search && !opts.all) {
      const found = await ctx.call('sessions.list', { project, userId: opts.user[0]! })
      ctx.print(
        found,
        (l) =>
          `${table(
            ['ID', 'CREATED', 'CLIENT', 'OS', 'IP', 'COUNTRY'],
            l.map((s) => [s.id, dayAndTime(s.createdAt), s.clientName, s.osName, s.ip, s.countryName]),
          )}\n${l.length} sessions`,
      )
      return
    }
    // Counting the sessions of many users is the dry run of ending them: it reads, it writes nothing.
    const planned = await ctx.call('sessions.bulkKill', {
      project,
      selection: selectionFrom(opts),
    })
    const first = await ctx.call('jobs.preview', { jobId: planned.id, limit: 1000 })
    const rows = [...first.rows]
    while (rows.length < first.counts.total) {
      const page = await ctx.call('jobs.preview', { jobId: planned.id, offset: rows.length, limit: 1000 })
      rows.push(...page.rows)
    }
    const counted = rows.map((r) => ({
      userId: r.key,
      user: r.label,
      sessions: (r.before as { sessions?: number } | undefined)?.sessions ?? null,
      ...(r.action === 'fail' ? { problem: r.reason } : {}),
    }))
    ctx.print(
      counted,
      (c) =>
        `${table(
          ['USER', 'ID', 'SESSIONS'],
          c.map((r) => [r.user, r.userId, r.sessions === null ? (r.problem ?? '?') : String(r.sessions)]),
        )}\n${c.reduce((n, r) => n + (r.sessions ?? 0), 0)} sessions over ${c.length} users (end them: ${startCommand(planned)})`,
    )
  })

  const kill = withProjectOptions(
    sessions
      .command('kill')
      .description('end all sessions of the selected users (or one session with --user and --session)'),
  )
    .option('--session <id>', 'only this session of the one --user')
    .option('--lock-out', 'also block the users (the incident action; the block can be undone)')
  addRunOptions(addSelectionOptions(kill)).action(async (opts: KillOptions) => {
    const project = await ctx.resolveProject(opts)
    if (opts.session) {
      if (opts.user?.length !== 1)
        fail('invalid_input', '--session needs exactly one --user.', { field: 'user' })
      if (!opts.yes) {
        ctx.io.err(`Would end session ${opts.session} of ${opts.user[0]}. Re-run with --yes to end it.`)
        return
      }
      const ended = await ctx.call('sessions.kill', {
        project,
        userId: opts.user[0]!,
        sessionId: opts.session,
        ...confirmOf(opts),
      })
      ctx.print(ended, (e) => `ended ${e.ended} session`)
      return
    }
    const input = { project, selection: selectionFrom(opts) }
    const planned = await ctx.call(opts.lockOut ? 'sessions.lockOut' : 'sessions.bulkKill', input)
    await previewAndRun(ctx, planned, opts)
  })
}
