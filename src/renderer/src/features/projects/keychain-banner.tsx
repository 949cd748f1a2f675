import { useEffect } from 'react'
import { Alert } from '@mantine/core'
import { IconKeyOff } from '@tabler/icons-react'
import { create } from 'zustand'
import { call } from '../../api'

interface KeychainState {
  available: boolean
  message: string | null
  loaded: boolean
  load(): Promise<void>
}

const useKeychainStore = create<KeychainState>((set, get) => ({
  available: true,
  message: null,
  loaded: false,
  async load() {
    if (get().loaded) return
    const info = await call((a) => a.app.info({}))
    set({ ...info.keychain, loaded: true })
  },
}))

/** Whether keys are kept in the OS keychain, or (when none answers) only in memory for this run. */
export function useKeychain(): { available: boolean; message: string | null } {
  const state = useKeychainStore()
  useEffect(() => {
    void state.load().catch(() => undefined)
  }, [state])
  return { available: state.available, message: state.message }
}

export function KeychainBanner() {
  const { available, message } = useKeychain()
  if (available) return null
  return (
    <Alert color="orange" variant="light" icon={<IconKeyOff size={18} />} title="No OS keychain" role="alert">
      {message ??
        'No OS keychain is reachable. Keys you enter are kept in memory until Userdeck closes and are never written to disk; you will be asked again next time.'}
    </Alert>
  )
}
