/** What the window and the CLI know of the running app. */

export type Shell = 'electron' | 'chromium' | 'cli'

/** Whether the OS keychain answered; when not, keys live in memory for this run and `message` says why. */
export interface KeychainState {
  available: boolean
  message: string | null
}

export interface AppInfo {
  version: string
  shell: Shell
  dataDir: string
  keychain: KeychainState
}
