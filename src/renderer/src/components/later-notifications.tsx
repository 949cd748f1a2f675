import { Suspense, lazy, useSyncExternalStore } from 'react'
import { notificationsStore } from '@mantine/notifications'

const Notifications = lazy(() => import('@mantine/notifications').then((m) => ({ default: m.Notifications })))

/** Latched: once the stack has mounted it stays, so later toasts animate in and out as usual. */
let wanted = false
const isWanted = () => {
  if (!wanted) {
    const { notifications, queue } = notificationsStore.getState()
    wanted = notifications.length + queue.length > 0
  }
  return wanted
}

/**
 * Mantine's toast stack (with its transition library) mounts with the first toast instead of in the
 * window's first load. Nothing is lost meanwhile: `notifications.show` only adds to the store, and the
 * stack shows whatever the store holds when it mounts.
 */
export function LaterNotifications() {
  if (!useSyncExternalStore(notificationsStore.subscribe, isWanted)) return null
  return (
    <Suspense fallback={null}>
      <Notifications position="bottom-right" />
    </Suspense>
  )
}
