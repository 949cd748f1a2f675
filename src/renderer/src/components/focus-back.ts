import { useLayoutEffect, useRef } from 'react'

/** No element has the focus: it is on the page's body, where keys reach no list or field. */
export function focusOnNothing(el: Element | null = document.activeElement): boolean {
  return !el || el === document.body
}

/**
 * Gives the focus back to what had it before something closed, where the focus was left on nothing
 * or inside what closed (`closing`, a selector). Focus put elsewhere (a click on the list, an answer
 * that opened a drawer) stays where it is. Whether the opener has the focus now.
 */
export function giveFocusBack(opener: Element | null, closing?: string): boolean {
  const active = document.activeElement
  const left = focusOnNothing(active) || (closing !== undefined && active?.closest(closing) != null)
  if (!left || !(opener instanceof HTMLElement) || focusOnNothing(opener) || !opener.isConnected) return false
  opener.focus({ preventScroll: true })
  return document.activeElement === opener
}

/**
 * Notes what has the focus as a dialog opens and, as it closes, gives the focus back there
 * (`giveFocusBack`, `closing` being the dialog's selector). Mantine's own return (give the dialog
 * `returnFocus={false}`) notes the opener in an effect, which can run after the dialog's focus trap
 * has moved the focus in: for the modals manager's dialog it noted the question's own button, and
 * closing left the focus on nothing. A layout effect runs before the trap's move. Mantine's also
 * gives the focus back unasked: where closing opened a drawer (a user created), it took the focus
 * from the drawer.
 */
export function useGiveFocusBack(open: boolean, closing: string): void {
  const opener = useRef<Element | null>(null)
  useLayoutEffect(() => {
    if (open) {
      opener.current = document.activeElement
      return
    }
    giveFocusBack(opener.current, closing)
    opener.current = null
  }, [open, closing])
}
