import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * Where the registry, journals and audit log live when nothing else is said. It is the folder Electron
 * calls `userData` for an app named Userdeck, so the CLI and the window share one state.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.USERDECK_DATA_DIR) return env.USERDECK_DATA_DIR
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Userdeck')
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Userdeck')
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Userdeck')
}

/** The host's log: JSON lines, the file a support ticket attaches. The Electron shell's Help menu opens it. */
export function logFilePath(dataDir: string): string {
  return join(dataDir, 'logs', 'userdeck.log')
}
