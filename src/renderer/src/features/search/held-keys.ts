/**
 * What is typed between Ctrl/⌘-K and the spotlight's box taking focus: the first time, while its
 * code loads; every time, until the box is drawn and focused. Each key went on into whatever had
 * focus: a person typing a name at once put its first letters in the Users search, or in the open
 * drawer's Name field, and the rest in the spotlight. Held here, they start the spotlight's query.
 * `null` while nothing is held.
 */
let held: string | null = null

function holdKey(event: KeyboardEvent): void {
  if (held === null || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return
  if (event.key.length === 1) held += event.key
  else if (event.key === 'Backspace') held = held.slice(0, -1)
  else return
  event.preventDefault()
  // Captured before anything else hears it, so no list or shortcut acts on the key either.
  event.stopPropagation()
}

/** Whether keys are being held. */
export const holdingKeys = (): boolean => held !== null

/** Holds the keys typed from now until `takeHeldKeys`. */
export function holdKeys(): void {
  held = ''
  window.addEventListener('keydown', holdKey, true)
}

/** The keys held so far, once; from now on keys go where focus is. */
export function takeHeldKeys(): string {
  const text = held ?? ''
  held = null
  window.removeEventListener('keydown', holdKey, true)
  return text
}
