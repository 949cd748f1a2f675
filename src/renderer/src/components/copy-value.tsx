import { ActionIcon, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { CopyRefused, useCopy } from './use-copy'

/**
 * A value with a copy button beside it: the id, email and phone support staff paste into tickets.
 * `personal` values are masked in privacy mode; copying still gives the real value.
 */
export function CopyValue({
  value,
  what,
  personal = false,
  mono = false,
}: {
  value: string
  /** Names the value for the button: "Copy email". */
  what: string
  personal?: boolean
  mono?: boolean
}) {
  const { copied, refused, copy, shown } = useCopy<HTMLParagraphElement>(value, { timeout: 1500 })
  return (
    <Stack gap={0}>
      <Group gap={2} wrap="nowrap">
        <Text
          ref={shown}
          size="sm"
          c="dimmed"
          ff={mono ? 'monospace' : undefined}
          data-private={personal || undefined}
        >
          {value}
        </Text>
        <Tooltip label={copied ? 'Copied' : `Copy ${what}`} withArrow>
          <ActionIcon
            variant="subtle"
            color={copied ? 'teal' : 'gray'}
            size="sm"
            onClick={copy}
            aria-label={`Copy ${what}`}
          >
            {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
          </ActionIcon>
        </Tooltip>
      </Group>
      {refused && <CopyRefused what={what} size="xs" />}
    </Stack>
  )
}
