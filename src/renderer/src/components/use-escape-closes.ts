import { useWindowEvent } from '@mantine/hooks'

/**
 * Escape closes a dialog or drawer pressed in it, or with the focus on nothing; not pressed in a
 * dialog over it. Mantine's own `closeOnEscape` hears every Escape on the window: the one that
 * answered a question asked over the drawer ("Delete this user?") closed the drawer with it, and
 * in "Discard your changes?" it asked again, so Esc never let the person back to their edits.
 * Returns the props to spread on Mantine's Modal or Drawer, so its `id`, `opened` and `onClose`
 * are this hook's, and its own `closeOnEscape` is off: the pairing cannot be got half right.
 */
export function useEscapeCloses(
  opened: boolean,
  id: string,
  close: () => void,
): { id: string; opened: boolean; onClose: () => void; closeOnEscape: false } {
  useWindowEvent('keydown', (e) => {
    if (!opened || e.key !== 'Escape' || e.isComposing) return
    const target = e.target instanceof Element ? e.target : null
    // An open list inside (a select's options) takes its Escape, as with Mantine's own.
    if (target?.getAttribute('data-mantine-stop-propagation') === 'true') return
    const dialog = target?.closest('[role="dialog"]')
    if (dialog && !dialog.closest(`#${id}`)) return
    close()
  })
  return { id, opened, onClose: close, closeOnEscape: false }
}
