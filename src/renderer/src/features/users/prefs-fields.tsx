import { ActionIcon, Button, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'

/** A value as a person types it: strings bare, everything else as JSON. */
export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** Typed text back to a value: valid JSON that is not a bare string is that value; anything else is text. */
export function parseValue(text: string): unknown {
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'string' ? text : v
  } catch {
    return text
  }
}

/**
 * Preferences as a list of keys and values, for people who would rather not write JSON. It edits the
 * same object as the JSON view: each change hands back the whole object, in the same key order.
 */
export function PrefsFields({
  prefs,
  onChange,
  disabled,
}: {
  prefs: Record<string, unknown>
  onChange(next: Record<string, unknown>): void
  disabled: boolean
}) {
  const entries = Object.entries(prefs)
  const rename = (from: string, to: string) => {
    if (to === from) return
    onChange(Object.fromEntries(entries.map(([k, v]) => [k === from ? to : k, v])))
  }
  const setValue = (key: string, text: string) => onChange({ ...prefs, [key]: parseValue(text) })
  const remove = (key: string) => onChange(Object.fromEntries(entries.filter(([k]) => k !== key)))
  const add = () => {
    let key = 'key'
    for (let n = 2; key in prefs; n++) key = `key${n}`
    onChange({ ...prefs, [key]: '' })
  }
  return (
    <Stack gap="xs">
      {entries.length === 0 && (
        <Text size="sm" c="dimmed">
          No preferences.
        </Text>
      )}
      {entries.map(([key, value], i) => (
        <Group key={i} gap="xs" wrap="nowrap" align="flex-start">
          <TextInput
            aria-label={`Key ${i + 1}`}
            defaultValue={key}
            onBlur={(e) => rename(key, e.currentTarget.value.trim() || key)}
            disabled={disabled}
            w={200}
            ff="monospace"
          />
          <TextInput
            aria-label={`Value of ${key}`}
            value={valueText(value)}
            onChange={(e) => setValue(key, e.currentTarget.value)}
            disabled={disabled}
            style={{ flex: 1 }}
            ff="monospace"
          />
          <Tooltip label={`Remove ${key}`}>
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              onClick={() => remove(key)}
              disabled={disabled}
              aria-label={`Remove ${key}`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        </Group>
      ))}
      <Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={add}
          disabled={disabled}
        >
          Add a preference
        </Button>
        <Text size="xs" c="dimmed">
          Values are text; numbers, true/false, null, lists and objects are kept as JSON.
        </Text>
      </Group>
    </Stack>
  )
}
