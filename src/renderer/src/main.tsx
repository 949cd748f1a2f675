import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { ModalsProvider } from '@mantine/modals'
import { followTheSystem, theme } from './theme'
import { App } from './app'
import { setConfirmer, setProver } from './api'
import { startWindow } from './start-window'
import { MODALS_ID, ModalsFocusReturn } from './components/modals-focus-return'

// A write the host refuses for want of a confirmation asks the person once, then goes again; one
// that lowers a guard asks for the project's stored key. Both dialogs load when first needed: the
// window's first load carries only what its first screen shows.
setConfirmer(async (...args) => (await import('./features/projects/confirm-write')).askToConfirm(...args))
setProver(async (...args) => (await import('./features/projects/ask-proof')).askForProof(...args))

void startWindow().then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="auto" colorSchemeManager={followTheSystem}>
        <ModalsProvider modalProps={{ id: MODALS_ID, returnFocus: false }}>
          <ModalsFocusReturn />
          {/* Three at most, the rest queued: a stack of them covered the drawer's buttons at 1024×700. */}
          <Notifications position="bottom-right" limit={3} />
          <App />
        </ModalsProvider>
      </MantineProvider>
    </StrictMode>,
  ),
)
