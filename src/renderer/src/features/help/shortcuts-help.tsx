import { Suspense, useState } from 'react'
import { ActionIcon, Tooltip } from '@mantine/core'
import { IconKeyboard } from '@tabler/icons-react'
import { lazyPart, useShownOnce } from '../../components/lazy-part'
import { useShortcuts } from '../../shortcut-keys'

// The list stays out of the first load: it is read now and then, not on the way to the first row.
const ShortcutsDialog = lazyPart(() => import('./shortcuts-list').then((m) => m.ShortcutsDialog))

/** The header's keyboard button, and ? (or F1) anywhere outside a text box: the shortcuts, listed. */
export function ShortcutsHelp() {
  const [opened, setOpened] = useState(false)
  const loaded = useShownOnce(opened)
  useShortcuts([
    ['shift+?', () => setOpened(true)],
    ['F1', () => setOpened(true)],
  ])
  return (
    <>
      <Tooltip label="Keyboard shortcuts (?)" withArrow>
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setOpened(true)}
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="Shift+? F1"
        >
          <IconKeyboard size={18} />
        </ActionIcon>
      </Tooltip>
      {loaded && (
        <Suspense fallback={null}>
          <ShortcutsDialog opened={opened} onClose={() => setOpened(false)} />
        </Suspense>
      )}
    </>
  )
}
