import { Text } from '@mantine/core'
import { modals } from '@mantine/modals'

/**
 * Asks before what a person typed is thrown away (Esc, a click beside a dialog, its ×: all quick to
 * do by accident). Enter and Esc keep it: losing it takes a deliberate click.
 */
export function confirmDiscard({
  title,
  text,
  discard,
  onDiscard,
}: {
  title: string
  text: string
  /** The red button's label, saying what goes. */
  discard: string
  onDiscard: () => void
}): void {
  modals.openConfirmModal({
    title,
    children: <Text size="sm">{text}</Text>,
    labels: { confirm: discard, cancel: 'Keep editing' },
    cancelProps: { 'data-autofocus': true },
    confirmProps: { color: 'red' },
    onConfirm: onDiscard,
  })
}
