import { useLayoutEffect, useRef } from 'react'
import { useModals } from '@mantine/modals'
import { giveFocusBack } from './focus-back'

/** The modals manager's one dialog (`modals.open`, `modals.openConfirmModal`). */
export const MODALS_ID = 'modals'

/**
 * Gives the focus back, as the modals manager's dialog closes, to what had it as it opened. Mantine's
 * own return (turned off where the provider is) notes what has the focus in an effect that may run
 * after the dialog's focus trap has moved it in: it noted the question's own button, and on closing
 * left the focus on nothing. Seen from the second question on: Esc out of "Discard your changes?"
 * left the drawer's Name field without the focus. A layout effect runs before the trap's move.
 */
export function ModalsFocusReturn(): null {
  const open = useModals().modals.length > 0
  const opener = useRef<HTMLElement | null>(null)
  useLayoutEffect(() => {
    const active = document.activeElement
    if (open) {
      opener.current = active instanceof HTMLElement ? active : null
      return
    }
    giveFocusBack(opener.current, `#${MODALS_ID}`)
    opener.current = null
  }, [open])
  return null
}
