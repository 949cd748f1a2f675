import { useEffect } from 'react'
import { Alert } from '@mantine/core'
import { IconKeyOff } from '@tabler/icons-react'
import { create } from 'zustand'
import type { KeychainState } from '@shared/models'
import { api } from '../../api'
import { startInfo } from '../../start-info'

interface KeychainStore extends KeychainState {
  loaded: boolean
  dismissed: boolean
  load(): Promise<void>
}

/**
 * The keychain as main found it. Main checks it in the background while the window opens, so this
 * starts as "checking" and follows main's `app.keychain` event when the check answers.
 */
const useKeychainStore = create<KeychainStore>((set, get) => ({
  checking: true,
  available: false,
  reason: null,
  message: null,
  loaded: false,
  dismissed: false,
  async load() {
    if (get().loaded) return
    set({ loaded: true })
    api().on('app.keychain', (state) => set(state))
    const info = await startInfo()
    // The event may have come first: a finished check is never replaced by "checking".
    if (get().checking) set(info.keychain)
  },
}))

/** Whether keys are kept in the OS keychain, still being checked, or (when none answers) only in memory. */
export function useKeychain(): KeychainState {
  const state = useKeychainStore()
  useEffect(() => {
    void state.load().catch(() => useKeychainStore.setState({ loaded: false }))
  }, [state])
  return {
    checking: state.checking,
    available: state.available,
    reason: state.reason,
    message: state.message,
  }
}

/** Where a key a person enters now goes, in one sentence. */
export function whereKeysGo({ checking, available }: KeychainState): string {
  if (checking)
    return 'The key goes to the OS keychain (still being checked; if none answers, to memory for this run only).'
  if (available) return 'The key goes to the OS keychain.'
  return 'With no OS keychain, the key is kept in memory for this run only, never on disk.'
}

/** Once the check has answered that there is no keychain: why, and where keys go instead. */
export function KeychainBanner() {
  const { checking, available, message } = useKeychain()
  const dismissed = useKeychainStore((s) => s.dismissed)
  if (checking || available || dismissed) return null
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconKeyOff size={18} />}
      title="No OS keychain: keys are kept in memory for this run only"
      role="alert"
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={() => useKeychainStore.setState({ dismissed: true })}
      mb="sm"
    >
      {message ??
        'Keys you enter are kept in memory until Userdeck closes and are never written to disk; you will be asked again next time.'}
    </Alert>
  )
}
