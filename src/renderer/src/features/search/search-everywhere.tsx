import { Suspense } from 'react'
import { Button, Kbd } from '@mantine/core'
import { IconSearch } from '@tabler/icons-react'
import { create } from 'zustand'
import { lazyPart } from '../../components/lazy-part'
import { useShortcuts } from '../../shortcut-keys'
import { holdingKeys, holdKeys, takeHeldKeys } from './held-keys'
import { boxHasFocus, rememberOpener } from './spotlight-focus'

const loadSpotlight = () => import('./cross-project-spotlight')
const CrossProjectSpotlight = lazyPart(() => loadSpotlight().then((m) => m.CrossProjectSpotlight))

/** The spotlight's code once loaded: from then on, whether it is open is known at once. */
let loaded: Awaited<ReturnType<typeof loadSpotlight>> | null = null

/** Whether the spotlight was ever asked for: until then nothing of it is loaded. */
const useAsked = create<{ asked: boolean }>(() => ({ asked: false }))

/**
 * Opens (or, from the shortcut, toggles) the cross-project search, loading it the first time. The
 * spotlight's store is its own: opened before the spotlight mounts, it mounts open. What is typed
 * until its box has the focus is held for the box (held-keys), on every opening: the box takes the
 * focus only once it is drawn. Asked again while the code loads, it may close instead, so nothing
 * is held for it then.
 */
function searchEverywhere(action: 'open' | 'toggle') {
  useAsked.setState({ asked: true })
  if (loaded) {
    if (!loaded.spotlightStore.getState().opened) {
      // Opened again as it closes, its box still has the focus, and will not take it again.
      if (!boxHasFocus()) {
        rememberOpener()
        holdKeys()
      }
      loaded.spotlight.open()
    } else if (action === 'toggle') loaded.spotlight.close()
    return
  }
  if (holdingKeys()) takeHeldKeys()
  else {
    rememberOpener()
    holdKeys()
  }
  void loadSpotlight().then(
    (m) => {
      loaded = m
      m.spotlight[action]()
    },
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
