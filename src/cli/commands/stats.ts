import type { Command } from 'commander'
import { AppErrorException, type AppError } from '@shared/errors'
import type { ProjectStats } from '@shared/models/stats'
import { withProjectOptions, type CliContext, type ProjectOptions } from '../context'
import { table } from '../output'
import { recentTime } from '@shared/clock'

const figures = ['users', 'blocked', 'unverified', 'anonymous', 'mfa', 'labelled'] as const

/** One project's figures, or why they could not be counted. */
type Counted = ProjectStats | { project: string; error: AppError }

/** `names` shows each project by its name where the command knows it (JSON keeps the id). */
function statsText(list: Counted[], names = new Map<string, string>()): string {
  return table(
    ['PROJECT', ...figures.map((f) => f.toUpperCase()), 'COUNTED', 'BY'],
    list.map((s) => {
      const project = names.get(s.project) ?? s.project
      return 'error' in s
        ? [project, ...figures.map(() => '-'), 'not counted', '']
        : [project, ...figures.map((f) => String(s[f])), recentTime(s.countedAt), s.method]
    }),
  )
}

export function registerStatsCommands(program: Command, ctx: CliContext): void {
  withProjectOptions(program.command('stats'))
    .description(
      'users in total, blocked, unverified, anonymous, with MFA, with labels; one project or --all',
    )
    .option(
      '--all',
      'every project, side by side; one that cannot be counted is named, and the rest still are',
    )
    .option('--refresh', 'count again now rather than from the cache')
    .action(async (opts: ProjectOptions & { all?: boolean; refresh?: boolean }) => {
      const refresh = opts.refresh === true
      if (!opts.all) {
        const stats = await ctx.call('stats.project', { project: await ctx.resolveProject(opts), refresh })
        ctx.print(stats, () => statsText([stats]))
        return
      }
      // One server that is down must not hide the others' figures: it gets a row saying why.
      const list: Counted[] = []
      const projects = await ctx.call('projects.list', {})
      const names = new Map(projects.map((p) => [p.id, p.name]))
      for (const { id } of projects) {
        try {
          list.push(await ctx.call('stats.project', { project: id, refresh }))
        } catch (err) {
          if (!(err instanceof AppErrorException)) throw err
          list.push({ project: id, error: err.error })
        }
      }
      ctx.print(list, () => statsText(list, names))
      const failed = list.filter((s) => 'error' in s)
      // In full below the table, which would cut the reason short.
      if (!ctx.json)
        for (const s of failed) ctx.io.err(`warning: ${names.get(s.project)} not counted: ${s.error.message}`)
      if (failed.length > 0) ctx.exitCode = 1
    })
}
