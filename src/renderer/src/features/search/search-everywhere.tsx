import { Suspense } from 'react'
import { Button, Kbd } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { create } from 'zustand'
import { lazyPart } from '../../components/lazy-part'
import { useShortcuts } from '../../shortcut-keys'
import { holdKeys, takeHeldKeys } from './held-keys'

const loadSpotlight = () => import('./cross-project-spotlight')
const CrossProjectSpotlight = lazyPart(() => loadSpotlight().then((m) => m.CrossProjectSpotlight))

/** Whether the spotlight was ever asked for: until then nothing of it is loaded. */
const useAsked = create<{ asked: boolean }>(() => ({ asked: false }))

/**
 * Opens (or, from the shortcut, toggles) the cross-project search, loading it the first time. The
 * spotlight's store is its own: opened before the spotlight mounts, it mounts open. What is typed
 * while it loads is held for its box (held-keys); asked again before that, it may close instead,
 * so nothing is held for it.
 */
function searchEverywhere(action: 'open' | 'toggle') {
  if (useAsked.getState().asked) takeHeldKeys()
  else holdKeys()
  useAsked.setState({ asked: true })
  void loadSpotlight().then(
    (m) => m.spotlight[action](),
    // Code that cannot load never takes focus: keys go where focus is again.
    () => takeHeldKeys(),
  )
}

/** Ctrl/⌘-K, everywhere in the window (in text boxes too), and the spotlight once it was asked for. */
export function SearchEverywhere() {
  const asked = useAsked((s) => s.asked)
  useShortcuts([['mod+K', () => searchEverywhere('toggle')]])
  return asked ? (
    <Suspense fallback={null}>
      <CrossProjectSpotlight />
    </Suspense>
  ) : null
}

/** The header's way in, for those who do not know the shortcut. */
export function SearchEverywhereButton() {
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconSearch size={14} />}
      rightSection={<Kbd size="xs">Ctrl K</Kbd>}
      onClick={() => searchEverywhere('open')}
      aria-label="Search every project"
    >
      Search every project
    </Button>
  )
}
