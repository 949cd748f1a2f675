import { useEffect } from 'react'
import { ActionIcon, Tooltip } from '@mantine/core'
import { IconEye, IconEyeOff } from '@tabler/icons-react'
import { useSettings } from './settings-store'
import './privacy.css'
import { useShortcuts } from '../../shortcut-keys'

/** Whether privacy mode is on; components that draw people's details in canvas or text can ask. */
export function usePrivacy(): boolean {
  return useSettings((s) => s.settings.privacy)
}

/**
 * The header's privacy switch (Ctrl/⌘-Shift-P). It marks the document, and a stylesheet masks every
 * element tagged `data-private`, so no screen has to know whether it is on.
 */
export function PrivacyToggle() {
  const on = usePrivacy()
  const toggle = () => useSettings.getState().update({ privacy: !useSettings.getState().settings.privacy })
  // A chord types nothing, so it works from inside a field too.
  useShortcuts([['mod+shift+P', toggle]])
  useEffect(() => {
    document.documentElement.dataset['privacy'] = on ? 'on' : 'off'
  }, [on])
  const label = on
    ? 'Privacy mode is on: emails, phones and names are masked (Ctrl+Shift+P)'
    : 'Privacy mode: mask emails, phones and names for screen sharing (Ctrl+Shift+P)'
  return (
    <Tooltip label={label} withArrow>
      <ActionIcon
        variant={on ? 'filled' : 'default'}
        color={on ? 'orange' : undefined}
        size="lg"
        onClick={toggle}
        aria-label="Privacy mode"
        aria-pressed={on}
      >
        {on ? <IconEyeOff size={18} /> : <IconEye size={18} />}
      </ActionIcon>
    </Tooltip>
  )
}
