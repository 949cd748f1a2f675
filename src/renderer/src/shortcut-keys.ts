import { useHotkeys } from '@mantine/hooks'

/** Inputs that take no text: a key pressed on one is not typing. A switch is a checkbox. */
const untypedInputs = new Set([
  'button',
  'checkbox',
  'color',
  'file',
  'image',
  'radio',
  'range',
  'reset',
  'submit',
])

/**
 * Whether a key pressed here is typing: a text field of any kind, a text area, a select, editable
 * text, or an open list of options, whose keys choose one. A radio, checkbox, switch or button is
 * not, so a single-key shortcut works from the control a person has just used.
 */
export function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable) return true
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) return !untypedInputs.has(target.type)
  return target.getAttribute('role') === 'combobox' && target.getAttribute('aria-expanded') === 'true'
}

/** A chord holds Ctrl, ⌘ or Alt (Shift alone makes ? or a capital, which is typing). */
const isChord = (hotkey: string) => /(^|\+)(mod|ctrl|meta|alt)\+/i.test(hotkey)

/**
 * The window's shortcuts, in Mantine's notation, under one rule. A single key (?, /, F1) does not
 * fire where typing goes (typingInto). A chord fires everywhere, text boxes included: it types
 * nothing, so it takes nothing from a person typing. That holds for Ctrl/⌘-Enter too, which submits
 * as it does in mail and chat apps: whoever has just filled a step's last field goes on from it.
 */
export function useShortcuts(shortcuts: readonly (readonly [hotkey: string, run: () => unknown])[]): void {
  useHotkeys(
    shortcuts.map(([hotkey, run]) => [
      hotkey,
      (event) => {
        if (!isChord(hotkey) && typingInto(event.target)) return
        event.preventDefault()
        run()
      },
      // Prevented above, only when it runs: a ? typed into a text box stays a question mark.
      { preventDefault: false },
    ]),
    // Nothing ignored by tag: typingInto decides, and a chord fires in editable text too.
    [],
    true,
  )
}
