import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { ModalsProvider } from '@mantine/modals'
import { theme } from './theme'
import { App } from './app'
import { setConfirmer, setProver } from './api'
import { askToConfirm } from './features/projects/confirm-write'
import { askForProof } from './features/projects/ask-proof'

// A write the host refuses for want of a confirmation asks the person once, then goes again; one
// that lowers a guard asks for the project's stored key.
setConfirmer(askToConfirm)
setProver(askForProof)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <ModalsProvider>
        <Notifications position="bottom-right" />
        <App />
      </ModalsProvider>
    </MantineProvider>
  </StrictMode>,
)
