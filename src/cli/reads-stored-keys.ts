import { DEMO_PROJECT_REF } from '../host'

/** `jobs` commands that may run a delete job or its undo, and so keep or open restore copies. */
const JOBS_WITH_RESTORE_COPIES = new Set(['start', 'resume', 'retry', 'undo'])

/**
 * Whether a command line reads keys from the keychain: a `projects` command, `stats --all`, a command
 * on a stored project other than the demo, or one that keeps or opens restore copies of deleted users
 * (their key is in the keychain too): `users delete` unless `--without-restore-copy`, and the `jobs`
 * commands that run or undo a job. Read from the raw arguments, before commander and the commands'
 * code load, so that the keychain's probe (a process of its own) runs while they do.
 *
 * A guess may be wrong both ways, and neither changes what a command does: a word that only looks like
 * one (a search for "projects") starts a probe the command does not need, and a form this misses has
 * the host ask the keychain when a key is first read.
 */
export function readsStoredKeys(argv: readonly string[]): boolean {
  return argv.some((arg, i) => {
    if (arg === 'projects' || (arg === 'stats' && argv.includes('--all'))) return true
    const next = argv[i + 1]
    if (arg === 'users' && next === 'delete') return !argv.includes('--without-restore-copy')
    if (arg === 'jobs' && next !== undefined && JOBS_WITH_RESTORE_COPIES.has(next)) return true
    const project =
      arg === '-p' || arg === '--project'
        ? next
        : arg.startsWith('--project=')
          ? arg.slice('--project='.length)
          : undefined
    return project !== undefined && project !== DEMO_PROJECT_REF
  })
}
