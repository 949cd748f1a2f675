import { Command, CommanderError } from 'commander'
import { AppErrorException, appError } from '@shared/errors'
import { CliContext, type GlobalOptions } from './context'
import type { Io } from './output'
import { registerProjectsCommands } from './commands/projects'
import { registerUsersCommands } from './commands/users'
import { registerSessionsCommands } from './commands/sessions'
import { registerLabelsCommands } from './commands/labels'
import { registerJobsCommands } from './commands/jobs'
import { registerImportCommands } from './commands/import'
import { registerStatsCommands } from './commands/stats'
import { registerActivityCommands } from './commands/activity'
import { APP_VERSION, probeKeychain, type RunningProbe } from '../host'
import { readsStoredKeys } from './reads-stored-keys'

/** How commander ends without refusing the command line: help asked for (or shown for a missing command), the version. */
const NOT_REFUSALS = new Set(['commander.helpDisplayed', 'commander.help', 'commander.version'])

/**
 * After a mistyped command or flag, commander prints the error and its "Did you mean …?"; each
 * command then names its own --help in one line rather than printing the whole of it.
 */
function pointToHelp(command: Command, path: string): void {
  const what = command.commands.length > 0 ? 'its commands' : 'its options'
  command.showHelpAfterError(`Run \`${path} --help\` for ${what}.`)
  for (const sub of command.commands) pointToHelp(sub, `${path} ${sub.name()}`)
}

/**
 * Runs one CLI invocation and returns its exit code; tests call this directly with a captured Io. A
 * command that reads stored keys has the keychain probed as it starts: `keychain` is that probe where
 * the caller started it earlier (the CLI's entry does, before loading this module).
 */
export async function runCli(
  argv: string[],
  io: Io,
  keychain: RunningProbe | undefined = readsStoredKeys(argv) ? probeKeychain() : undefined,
): Promise<number> {
  const program = new Command('userdeck')
  const ctx = new CliContext(io, () => program.opts<GlobalOptions>(), keychain)
  program
    .description('Userdeck: the users of many Appwrite projects, from the command line.')
    .version(APP_VERSION)
    .option('--data-dir <dir>', 'where the registry, journals and audit log live (or USERDECK_DATA_DIR)')
    .option('--json', 'print JSON for machines instead of text for people')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .showSuggestionAfterError()
    .hook('preAction', (_program, command) => {
      ctx.command = command
    })

  registerProjectsCommands(program, ctx)
  registerUsersCommands(program, ctx)
  registerSessionsCommands(program, ctx)
  registerLabelsCommands(program, ctx)
  registerJobsCommands(program, ctx)
  registerImportCommands(program, ctx)
  registerStatsCommands(program, ctx)
  registerActivityCommands(program, ctx)
  pointToHelp(program, 'userdeck')

  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and the version end through here with commander's exit code (0, or 1 for help shown unasked).
      if (NOT_REFUSALS.has(err.code)) return err.exitCode
      // A command line commander refused is invalid input like any other: exit 2, and JSON under
      // --json. Its own words ("error: unknown option '--limitt'", the suggestion) are on stderr.
      ctx.fail(appError('invalid_input', err.message.replace(/^error: /, '').replace(/\n/g, ' ')), {
        saidOnStderr: true,
      })
      return ctx.exitCode
    }
    ctx.fail(
      err instanceof AppErrorException
        ? err.error
        : appError('internal', err instanceof Error ? err.message : String(err)),
    )
  } finally {
    await ctx.close()
  }
  return ctx.exitCode
}
