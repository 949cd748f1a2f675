import { ActionIcon, Button, Loader } from '@mantine/core'
import type { ActionIconProps, ButtonProps } from '@mantine/core'
import type { ComponentPropsWithoutRef, MouseEvent, ReactNode, Ref } from 'react'

/*
 * Buttons whose busy and unavailable states keep focus. Mantine's `loading` and `disabled` set the
 * `disabled` attribute, and a focused button that becomes disabled drops focus to the page body: the
 * person who pressed Save with the keyboard is left nowhere, and a dialog the button opened has
 * nothing to give focus back to when it closes. These say "unavailable" with `aria-disabled` (what
 * screen readers and Playwright read as disabled), look it through Mantine's `data-disabled`, and
 * refuse the click themselves, which also stops a form's submit through them (Enter in a field
 * clicks the form's submit button). They stay in the tab order, so a tooltip or a description still
 * tells why they are unavailable.
 */

interface Availability {
  /** Its action is running: shows a loader, announces `aria-busy`, refuses clicks. */
  busy?: boolean
  /** Its action cannot run now: looks disabled, refuses clicks. */
  disabled?: boolean
  onClick?: (event: MouseEvent<HTMLButtonElement>) => void
}

type NativeButton<P> = Omit<ComponentPropsWithoutRef<'button'>, keyof P | 'onClick' | 'disabled'>

/** The attributes and click guard both buttons share. */
function availability({ busy = false, disabled = false, onClick }: Availability) {
  const refused = busy || disabled
  return {
    'aria-disabled': refused || undefined,
    'data-disabled': refused || undefined,
    'aria-busy': busy || undefined,
    onClick: (event: MouseEvent<HTMLButtonElement>) => {
      if (refused) event.preventDefault()
      else onClick?.(event)
    },
  }
}

/** A Button for an action that takes a moment: Save, Test connection, Run. */
export function BusyButton({
  busy = false,
  disabled,
  onClick,
  leftSection,
  ...props
}: Omit<ButtonProps, 'loading' | 'disabled'> &
  Availability &
  NativeButton<ButtonProps> & { leftSection?: ReactNode; ref?: Ref<HTMLButtonElement> }) {
  // The loader takes the icon's place rather than covering the label, so the button still says
  // what it is doing.
  const loaderSize = props.size === 'xs' || props.size === 'compact-sm' ? 14 : 16
  return (
    <Button
      {...props}
      {...availability({ busy, disabled, onClick })}
      leftSection={busy ? <Loader size={loaderSize} color="currentColor" /> : leftSection}
    />
  )
}

/** An icon-only action: while busy its icon becomes a loader. */
export function BusyActionIcon({
  busy = false,
  disabled,
  onClick,
  children,
  ...props
}: Omit<ActionIconProps, 'loading' | 'disabled'> &
  Availability &
  NativeButton<ActionIconProps> & { children: ReactNode; ref?: Ref<HTMLButtonElement> }) {
  return (
    <ActionIcon {...props} {...availability({ busy, disabled, onClick })}>
      {busy ? <Loader size={14} color="currentColor" /> : children}
    </ActionIcon>
  )
}
