import type { Command } from 'commander'
import type { ProjectStats } from '@shared/models/stats'
import { withProjectOptions, type CliContext, type ProjectOptions } from '../context'
import { table } from '../output'

const figures = ['users', 'blocked', 'unverified', 'anonymous', 'mfa', 'labelled'] as const

function statsText(list: ProjectStats[]): string {
  return table(
    ['PROJECT', ...figures.map((f) => f.toUpperCase()), 'COUNTED', 'BY'],
    list.map((s) => [s.project, ...figures.map((f) => String(s[f])), s.countedAt, s.method]),
  )
}

export function registerStatsCommands(program: Command, ctx: CliContext): void {
  withProjectOptions(program.command('stats'))
    .description(
      'users in total, blocked, unverified, anonymous, with MFA, with labels; one project or --all',
    )
    .option('--all', 'every project, side by side')
    .option('--refresh', 'count again now rather than from the cache')
    .action(async (opts: ProjectOptions & { all?: boolean; refresh?: boolean }) => {
      const refs = opts.all
        ? (await ctx.call('projects.list', {})).map((p) => p.id)
        : [await ctx.resolveProject(opts)]
      const list: ProjectStats[] = []
      for (const project of refs)
        list.push(await ctx.call('stats.project', { project, refresh: opts.refresh === true }))
      ctx.print(opts.all ? list : list[0]!, () => statsText(list))
    })
}
