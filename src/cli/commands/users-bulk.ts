import type { Command } from 'commander'
import { AppErrorException } from '@shared/errors'
import type { BulkUserChange } from '@shared/models/bulk'
import type { JobView } from '@shared/models/jobs'
import { withProjectOptions, type CliContext, type ProjectOptions } from '../context'
import {
  addRunOptions,
  addSelectionOptions,
  previewAndRun,
  selectionFrom,
  type RunOptions,
  type SelectionOptions,
} from './jobs'

type BulkOptions = SelectionOptions & RunOptions & ProjectOptions

const changes: {
  command: string
  description: string
  change: (o: { phone?: boolean; unverify?: boolean }) => BulkUserChange
}[] = [
  { command: 'block', description: 'block the selected users (undo: jobs undo ID)', change: () => 'block' },
  { command: 'unblock', description: 'unblock the selected users', change: () => 'unblock' },
  {
    command: 'verify',
    description: "mark the selected users' email (or --phone) verified, or --unverify",
    change: (o) =>
      o.phone ? (o.unverify ? 'unverifyPhone' : 'verifyPhone') : o.unverify ? 'unverifyEmail' : 'verifyEmail',
  },
]

/** `users delete|block|unblock|verify`: bulk jobs over a selection, previewed unless --yes. */
export function registerUserBulkCommands(users: Command, ctx: CliContext): void {
  addRunOptions(addSelectionOptions(withProjectOptions(users.command('delete'))))
    .description(
      'delete the selected users; an encrypted restore copy of each is kept 30 days (undo: userdeck jobs undo ID)',
    )
    .argument('[userId]', 'one user (the same as --user)')
    .option(
      '--without-restore-copy',
      'where no keychain is reachable: delete although no restore copy can be kept',
    )
    .action(async (userId: string | undefined, opts: BulkOptions & { withoutRestoreCopy?: boolean }) => {
      const selection = selectionFrom(userId ? { ...opts, user: [userId, ...(opts.user ?? [])] } : opts)
      const project = await ctx.resolveProject(opts)
      let planned: JobView
      try {
        planned = await ctx.call('users.bulkDelete', {
          project,
          selection,
          withoutRestoreCopy: opts.withoutRestoreCopy === true,
        })
      } catch (err) {
        if (err instanceof AppErrorException && err.error.code === 'keychain_unavailable')
          ctx.io.err('To delete them anyway, for good, add --without-restore-copy.')
        throw err
      }
      await previewAndRun(ctx, planned, opts)
    })

  for (const { command, description, change } of changes) {
    const cmd = addRunOptions(addSelectionOptions(withProjectOptions(users.command(command)))).description(
      description,
    )
    if (command === 'verify')
      cmd.option('--phone', 'the phone rather than the email').option('--unverify', 'mark unverified instead')
    cmd.action(async (opts: BulkOptions & { phone?: boolean; unverify?: boolean }) => {
      const planned = await ctx.call('users.bulkChange', {
        project: await ctx.resolveProject(opts),
        selection: selectionFrom(opts),
        change: change(opts),
      })
      await previewAndRun(ctx, planned, opts)
    })
  }
}
