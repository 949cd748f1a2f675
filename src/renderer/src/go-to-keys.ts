import { useEffect } from 'react'
import { typingInto } from './shortcut-keys'

/**
 * "G then a letter" goes to a screen, as in Gmail and GitHub: outside a text box, G, then the
 * screen's key. The next key after G ends the sequence whatever it is, so no clock decides it.
 * Chromium keeps most Ctrl+Shift letters for itself, which is why the screens are not chords.
 */
export function useGoToKeys(keys: Readonly<Record<string, () => void>>): void {
  useEffect(() => {
    let pending = false
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingInto(e.target)) {
        pending = false
        return
      }
      const key = e.key.toLowerCase()
      if (pending) {
        pending = false
        const go = keys[key]
        if (go) {
          e.preventDefault()
          go()
        }
        return
      }
      if (key === 'g' && !e.shiftKey) pending = true
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [keys])
}
