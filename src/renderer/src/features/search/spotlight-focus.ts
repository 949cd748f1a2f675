import { giveFocusBack } from '../../components/focus-back'

/** The spotlight's search box. */
export const SEARCH_BOX_ID = 'search-everywhere-box'

/**
 * What had the focus when the spotlight was opened, to have it again when it closes. Mantine gives
 * the focus back to what it saw focused as its dialog opened; the first time, the spotlight mounts
 * already open, sees nothing, and Esc left the focus on nothing: out of the New user form being
 * filled, the list's arrows dead.
 */
let opener: HTMLElement | null = null

/** Whether the spotlight's box has the focus (as it closes, it keeps it until it is gone). */
export const boxHasFocus = (): boolean => document.activeElement?.id === SEARCH_BOX_ID

export function rememberOpener(): void {
  const active = document.activeElement
  opener = active instanceof HTMLElement && !boxHasFocus() ? active : null
}

/** Closed with the focus still in its box or on nothing: the opener, if it is still there, has it. */
export function focusOpener(): void {
  giveFocusBack(opener, `#${SEARCH_BOX_ID}`)
  opener = null
}
