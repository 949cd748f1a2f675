import { useEffect, useRef, type ReactNode } from 'react'
import { Title } from '@mantine/core'

/**
 * Whether the focus is free for a screen to take: on nothing (the screen it was on has gone, as after
 * G then a letter), on a screen's title, where it was only put down as the screen opened, or on the
 * sidebar's link that opened it: left there, Tab went down the sidebar rather than into the screen,
 * and a screen reader heard nothing of the screen.
 */
export function focusIsFree(): boolean {
  const active = document.activeElement
  return (
    !active ||
    active === document.body ||
    active.hasAttribute('data-screen-title') ||
    active.closest('[data-screen-links]') !== null
  )
}

/**
 * A screen's heading, which takes the focus as the screen opens if nothing has it: Tab goes on from
 * there into the screen, a screen reader names the screen, and single-key shortcuts work. A screen
 * with a better place for the keys (the Users list) takes the focus from it once that is shown.
 */
export function ScreenTitle({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (focusIsFree()) ref.current?.focus({ preventScroll: true })
  }, [])
  // Mantine's own focus ring, which its buttons show, not the browser's black one.
  return (
    <Title order={3} ref={ref} tabIndex={-1} data-screen-title="" className="mantine-focus-auto">
      {children}
    </Title>
  )
}
