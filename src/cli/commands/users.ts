import type { Command } from 'commander'
import type { UserPage } from '@shared/models'
import { withProjectOptions, type CliContext, type ProjectOptions } from '../context'
import { table } from '../output'

function usersTable(page: UserPage): string {
  const rows = page.users.map((u) => [
    u.id,
    u.name,
    u.email,
    u.status ? 'active' : 'blocked',
    u.labels.join(','),
    u.registration.slice(0, 10),
  ])
  const more = page.nextCursor ? `\nmore: --cursor ${page.nextCursor}` : ''
  return `${table(['ID', 'NAME', 'EMAIL', 'STATUS', 'LABELS', 'REGISTERED'], rows)}\n${page.users.length} of ${page.total}${page.totalCapped ? '+' : ''} users${more}`
}

export function registerUsersCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('find and manage the users of a project')

  withProjectOptions(users.command('list'))
    .description('list users, newest last; --search matches name, email, phone and id')
    .option('-s, --search <text>', 'full-text search')
    .option('-l, --limit <n>', 'users per page (1–500)', (v) => Number.parseInt(v, 10), 25)
    .option('--cursor <userId>', 'continue after this user (printed at the end of the previous page)')
    .action(async (opts: ProjectOptions & { search?: string; limit: number; cursor?: string }) => {
      const page = await ctx.call('users.list', {
        project: await ctx.resolveProject(opts),
        limit: opts.limit,
        ...(opts.search ? { search: opts.search } : {}),
        ...(opts.cursor ? { cursor: opts.cursor } : {}),
      })
      ctx.print(page, usersTable)
    })
}
