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
