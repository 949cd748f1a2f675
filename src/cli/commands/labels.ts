import type { Command } from 'commander'
import { fail } from '@shared/errors'
import type { LabelOp } from '@shared/models/labels'
import { withProjectOptions, type CliContext, type ProjectOptions } from '../context'
import { table } from '../output'
import {
  addRunOptions,
  addSelectionOptions,
  previewAndRun,
  selectionFrom,
  type RunOptions,
  type SelectionOptions,
} from './jobs'

type BulkOptions = SelectionOptions & RunOptions & ProjectOptions & { labels: string; to?: string }

const descriptions: Record<LabelOp, string> = {
  add: 'add labels to the selected users, keeping the labels they have',
  remove: 'remove labels from the selected users, keeping the others',
  set: "replace the selected users' labels with exactly these",
  rename: 'rename one label (--labels OLD --to NEW) on the selected users',
}

export function registerLabelsCommands(program: Command, ctx: CliContext): void {
  const labels = program.command('labels').description("see and change users' labels, one user or in bulk")

  withProjectOptions(labels.command('list').description('every label in the project with its user count'))
    .option('--refresh', 'count again now')
    .action(async (opts: ProjectOptions & { refresh?: boolean }) => {
      const overview = await ctx.call('labels.overview', {
        project: await ctx.resolveProject(opts),
        refresh: opts.refresh === true,
      })
      ctx.print(
        overview,
        (o) =>
          `${table(
            ['LABEL', 'USERS'],
            o.labels.map((l) => [l.label, String(l.users)]),
          )}\n${o.labels.length} labels over ${o.scannedUsers} users`,
      )
    })

  for (const op of ['add', 'remove', 'set', 'rename'] as const) {
    const command = withProjectOptions(labels.command(op).description(descriptions[op])).requiredOption(
      '-l, --labels <list>',
      'labels, comma-separated (for set: may be empty to clear)',
    )
    if (op === 'rename') command.option('--to <label>', 'the new name')
    addRunOptions(addSelectionOptions(command)).action(async (opts: BulkOptions) => {
      const list = opts.labels
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean)
      if (op === 'rename' && (!opts.to || list.length !== 1))
        fail('invalid_input', 'Rename takes one label and its new name: --labels OLD --to NEW.', {
          field: 'to',
        })
      const planned = await ctx.call('labels.bulk', {
        project: await ctx.resolveProject(opts),
        selection: selectionFrom(opts),
        op,
        labels: list,
        ...(opts.to ? { to: opts.to } : {}),
      })
      await previewAndRun(ctx, planned, opts)
    })
  }
}
