import { lazy, useState, type ComponentType } from 'react'
import { useMounted } from '@mantine/hooks'
import { Center, Loader } from '@mantine/core'

/**
 * A part of the window loaded the first time it is shown, so its code stays out of the first load:
 * the window opens on the Users screen with only what that screen needs.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- React.lazy's own bound for any component
export function lazyPart<C extends ComponentType<any>>(load: () => Promise<C>) {
  return lazy(async () => ({ default: await load() }))
}

/** What shows while a part's code loads (a few milliseconds from the app's own files). */
export function PartLoading() {
  return (
    <Center py="xl">
      <Loader size="sm" />
    </Center>
  )
}

/** True from the first time `shown` is true: a lazily loaded drawer stays mounted to animate closed. */
export function useShownOnce(shown: boolean): boolean {
  const [once, setOnce] = useState(shown)
  if (shown && !once) setOnce(true)
  return once || shown
}

/**
 * `opened` for a Mantine Modal or Drawer in a lazily loaded part, which mounts already wanted open.
 * Mantine notes what had focus as a dialog opens, to give it back on close, only when `opened`
 * changes after mount: mounted open, the first close left focus on nothing (the users list's arrow
 * keys went dead). So the dialog mounts closed and opens a render later.
 */
export function useOpenedAfterMount(opened: boolean): boolean {
  return useMounted() && opened
}
