import { DEMO_PROJECT_REF } from '../host'

/**
 * Whether a command line reads keys from the keychain: a `projects` command, or a command on a stored
 * project other than the demo. Read from the raw arguments, before commander and the commands' code
 * load, so that the keychain's probe (a process of its own) runs while they do.
 *
 * A guess may be wrong both ways, and neither changes what a command does: a word that only looks like
 * one (a search for "projects") starts a probe the command does not need, and a form this misses has
 * the host ask the keychain when a key is first read.
 */
export function readsStoredKeys(argv: readonly string[]): boolean {
  return argv.some((arg, i) => {
    if (arg === 'projects') return true
    const project =
      arg === '-p' || arg === '--project'
        ? argv[i + 1]
        : arg.startsWith('--project=')
          ? arg.slice('--project='.length)
          : undefined
    return project !== undefined && project !== DEMO_PROJECT_REF
  })
}
