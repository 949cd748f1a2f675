import { useEffect, useRef } from 'react'
import { Text } from '@mantine/core'
import { useClipboard } from '@mantine/hooks'

/** The element a copied value is shown in: text, or a read-only box (the definitions export). */
type Shown = HTMLElement | HTMLTextAreaElement

function selectAll(shown: Shown) {
  if (shown instanceof HTMLTextAreaElement) {
    shown.focus()
    shown.select()
  } else document.getSelection()?.selectAllChildren(shown)
}

/** What is selected in `shown`; a box's selection is its own, not the document's. */
function selectedIn(shown: Shown) {
  if (shown instanceof HTMLTextAreaElement) return shown.value.slice(shown.selectionStart, shown.selectionEnd)
  return document.getSelection()?.toString() ?? ''
}

/**
 * Copies `value`, with a way on when the clipboard refuses (a policy, a window without focus): the
 * value where it is shown (`shown`, the element holding it) is selected for Ctrl/⌘-C, and `refused`
 * turns on for `CopyRefused` to say so. `onCopied` is told once the value is on the clipboard: by Copy
 * once the clipboard took it, or by hand (`onCopy`, on the shown element) once the copy held the whole
 * value. Nothing else is counted: a refused Copy, or part of the value copied.
 */
export function useCopy<T extends Shown>(
  value: string,
  { onCopied, timeout }: { onCopied?: () => void; timeout?: number } = {},
) {
  const clipboard = useClipboard({ timeout })
  const shown = useRef<T>(null)
  useEffect(() => {
    if (clipboard.copied) onCopied?.()
  }, [clipboard.copied, onCopied])
  // A new error each refusal, so a Copy refused again selects again.
  useEffect(() => {
    if (clipboard.error && shown.current) selectAll(shown.current)
  }, [clipboard.error])
  return {
    copied: clipboard.copied,
    refused: clipboard.error !== null,
    copy: () => clipboard.copy(value),
    shown,
    onCopy: () => {
      if (shown.current && selectedIn(shown.current).includes(value)) onCopied?.()
    },
  }
}

/** The line under a value whose Copy the clipboard refused; `useCopy` has selected the value. */
export function CopyRefused({ what, size = 'sm' }: { what: string; size?: 'xs' | 'sm' }) {
  return (
    <Text size={size} c="red" role="alert">
      The clipboard did not take the {what}. It is selected: press Ctrl/⌘-C to copy it.
    </Text>
  )
}
