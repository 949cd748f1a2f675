import type { UtilityProcess } from 'electron'
import type { SpawnProbe } from '../../host'

type ForkUtility = (modulePath: string, args: string[], options: Electron.ForkOptions) => UtilityProcess

/**
 * The keychain probe in an Electron utility process: a keytar that crashes (SIGSEGV when
 * gnome-keyring must prompt and cannot) ends that process only. Electron reports an exit code, not
 * the signal.
 */
export function utilityProcessProbe(fork: ForkUtility): SpawnProbe {
  return (script, args) => {
    const child = fork(script.path, args, {
      serviceName: 'Userdeck keychain check',
      stdio: 'ignore',
    })
    return {
      onMessage: (listener) => void child.on('message', listener),
      onExit: (listener) => void child.on('exit', (code) => listener(code, null)),
      kill: () => void child.kill(),
    }
  }
}
