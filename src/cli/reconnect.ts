import type { Command } from 'commander'
import { fail } from '@shared/errors'
import type { ProjectConnection } from '@shared/models'
import type { CliContext, ProjectOptions } from './context'

export type ConnectionOptions = Omit<ProjectOptions, 'project'>

/**
 * What was done on a project named by URL keeps that address (never the key): a job, an Activity
 * entry. `subject` names it in a sentence ("Job 2026…", "Entry 0b7c…").
 */
export interface MadeOn {
  subject: string
  project: string
  projectName: string
  connection?: ProjectConnection | null
}

/** `--key-env` (and, to override what was kept, `--endpoint --project-id`) for work on a project named by URL. */
export function withConnectionOptions(command: Command, what: string): Command {
  return command
    .option('--key-env <VAR>', `for ${what} on a project named by URL: the variable that holds its API key`)
    .option('--endpoint <url>', `with --key-env: the project's endpoint (default: the one ${what} keeps)`)
    .option('--project-id <id>', `with --key-env: the Appwrite project id (default: the one ${what} keeps)`)
}

/**
 * Names the project again in this run when it was named by URL: its address comes from what was
 * kept, the key from `--key-env` (Userdeck never keeps it). A stored project needs nothing.
 */
export async function reconnect(ctx: CliContext, made: MadeOn, opts: ConnectionOptions): Promise<void> {
  const named = opts.keyEnv !== undefined || opts.endpoint !== undefined || opts.projectId !== undefined
  const { connection, subject } = made
  if (!connection) {
    if (named)
      fail(
        'invalid_input',
        `${subject} is on the stored project "${made.projectName}"; leave out --endpoint, --project-id and --key-env.`,
      )
    return
  }
  const where = `${connection.projectId} at ${connection.endpoint}`
  if (opts.keyEnv === undefined)
    fail(
      'invalid_input',
      `${subject} is on a project named by URL (${where}), whose key Userdeck does not keep. Add --key-env VAR, naming the environment variable that holds its API key.`,
      { field: 'keyEnv' },
    )
  const project = await ctx.resolveProject({
    endpoint: opts.endpoint ?? connection.endpoint,
    projectId: opts.projectId ?? connection.projectId,
    keyEnv: opts.keyEnv,
  })
  if (project !== made.project)
    fail(
      'invalid_input',
      `--endpoint and --project-id name another project than ${subject}'s (${where}); leave them out to use its own.`,
    )
}
