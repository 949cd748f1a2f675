/** What the window and the CLI know of the running app. */

export type Shell = 'electron' | 'chromium' | 'cli'

/**
 * Why the OS keychain is not used: its check crashed (keytar can, when gnome-keyring must prompt and
 * cannot), did not answer in time, found no keychain to talk to, or keytar itself could not load.
 */
export type KeychainFailure = 'crashed' | 'timed_out' | 'no_service' | 'unloadable'

/**
 * The OS keychain as the host found it. It is checked in the background, in a child process, so the
 * window opens without waiting: `checking` until that check answers (within a few seconds). When it
 * is not available, keys live in memory for this run, `reason` says why and `message` says so in words.
 */
export interface KeychainState {
  checking: boolean
  available: boolean
  reason: KeychainFailure | null
  message: string | null
}

/** One of Userdeck's data files that could not be read, and was renamed aside to recover from. */
export interface KeptAsideFile {
  /** What it held, as a person would say it at the start of a sentence ("The list of projects"). */
  held: string
  /** Where it now is: Userdeck goes on without it, and never writes over it. */
  keptAs: string
}

export interface AppInfo {
  version: string
  shell: Shell
  dataDir: string
  keychain: KeychainState
  /** The data files found damaged and set aside so far this run (those found later: `app.keptAside`); usually none. */
  keptAside: KeptAsideFile[]
}
