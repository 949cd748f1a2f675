import type { Command } from 'commander'
import { fail } from '@shared/errors'
import type { CliContext } from '../context'
import { table } from '../output'
import { DEMO_PROJECT_REF } from '../../main/demo/demo-project'
import {
  addRunOptions,
  addSelectionOptions,
  previewAndRun,
  selectionFrom,
  type RunOptions,
  type SelectionOptions,
} from './jobs'

type KillOptions = SelectionOptions & RunOptions & { project: string; session?: string; lockOut?: boolean }

export function registerSessionsCommands(program: Command, ctx: CliContext): void {
  const sessions = program.command('sessions').description("see and end users' sessions")

  sessions
    .command('list')
    .description("a user's sessions")
    .option('-p, --project <ref>', 'project id in the registry', DEMO_PROJECT_REF)
    .requiredOption('-u, --user <id>', 'the user')
    .action(async (opts: { project: string; user: string }) => {
      const list = await ctx.call('sessions.list', { project: opts.project, userId: opts.user })
      ctx.print(
        list,
        (l) =>
          `${table(
            ['ID', 'CREATED', 'CLIENT', 'OS', 'IP', 'COUNTRY'],
            l.map((s) => [s.id, s.createdAt.slice(0, 16), s.clientName, s.osName, s.ip, s.countryName]),
          )}\n${l.length} sessions`,
      )
    })

  const kill = sessions
    .command('kill')
    .description('end all sessions of the selected users (or one session with --user and --session)')
    .option('-p, --project <ref>', 'project id in the registry', DEMO_PROJECT_REF)
    .option('--session <id>', 'only this session of the one --user')
    .option('--lock-out', 'also block the users (the incident action; the block can be undone)')
  addRunOptions(addSelectionOptions(kill)).action(async (opts: KillOptions) => {
    if (opts.session) {
      if (opts.user?.length !== 1)
        fail('invalid_input', '--session needs exactly one --user.', { field: 'user' })
      if (!opts.yes) {
        ctx.io.err(`Would end session ${opts.session} of ${opts.user[0]}. Re-run with --yes to end it.`)
        return
      }
      const ended = await ctx.call('sessions.kill', {
        project: opts.project,
        userId: opts.user[0]!,
        sessionId: opts.session,
      })
      ctx.print(ended, (e) => `ended ${e.ended} session`)
      return
    }
    const input = { project: opts.project, selection: selectionFrom(opts) }
    const planned = await ctx.call(opts.lockOut ? 'sessions.lockOut' : 'sessions.bulkKill', input)
    await previewAndRun(ctx, planned, opts)
  })
}
