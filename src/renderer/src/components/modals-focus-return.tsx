import { useModals } from '@mantine/modals'
import { useGiveFocusBack } from './focus-back'

/** The modals manager's one dialog (`modals.open`, `modals.openConfirmModal`). */
export const MODALS_ID = 'modals'

/**
 * Gives the focus back, as the modals manager's dialog closes, to what had it as it opened (Mantine's
 * own return is turned off where the provider is). Seen from the second question on: Esc out of
 * "Discard your changes?" left the drawer's Name field without the focus.
 */
export function ModalsFocusReturn(): null {
  useGiveFocusBack(useModals().modals.length > 0, `#${MODALS_ID}`)
  return null
}
