import { useCallback, useRef } from 'react'
import { Text } from '@mantine/core'
import { modals } from '@mantine/modals'

interface Question {
  title: string
  text: string
  /** The button that keeps it, focused (Enter and Esc press it). */
  keep?: string
}

/**
 * Asks before what a person typed is thrown away (Esc, a click beside a dialog, its ×: all quick to
 * do by accident). Enter and Esc keep it: losing it takes a deliberate click.
 */
export function confirmDiscard({
  title,
  text,
  keep = 'Keep editing',
  onDiscard,
}: Question & { onDiscard: () => void }): void {
  modals.openConfirmModal({
    title,
    children: <Text size="sm">{text}</Text>,
    labels: { confirm: 'Discard and close', cancel: keep },
    cancelProps: { 'data-autofocus': true },
    confirmProps: { color: 'red' },
    onConfirm: onDiscard,
  })
}

/**
 * For a form dialog whose body reports whether anything is typed (`setTyped`): `closeAsking` closes
 * at once when nothing is, and asks `question` first when something is. The body reports through an
 * effect, so the flag is a ref: the dialog need not render again on each keystroke.
 */
export function useAskBeforeDiscard(
  close: () => void,
  question: Question,
): { setTyped: (typed: boolean) => void; closeAsking: () => void } {
  const typed = useRef(false)
  const setTyped = useCallback((t: boolean) => {
    typed.current = t
  }, [])
  const closeAsking = () => (typed.current ? confirmDiscard({ ...question, onDiscard: close }) : close())
  return { setTyped, closeAsking }
}
