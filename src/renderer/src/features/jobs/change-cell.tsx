import { Badge, Group, Text } from '@mantine/core'
import { fieldInWords, flagInWords } from '@shared/user-fields'

/** One side of a row's change: labels as chips, other fields as "status: blocked", in words. */
export function ChangeCell({
  value,
  compare,
}: {
  value?: Record<string, unknown>
  compare?: Record<string, unknown>
}) {
  if (!value) return <Text c="dimmed">—</Text>
  return (
    <Group gap={4}>
      {Object.entries(value).map(([field, v]) =>
        Array.isArray(v) ? (
          v.length === 0 ? (
            <Text key={field} size="xs" c="dimmed">
              no labels
            </Text>
          ) : (
            v.map((item) => {
              const other = compare?.[field]
              const fresh = Array.isArray(other) && !other.includes(item)
              return (
                <Badge
                  key={`${field}-${String(item)}`}
                  size="sm"
                  variant={fresh ? 'filled' : 'light'}
                  tt="none"
                >
                  {String(item)}
                </Badge>
              )
            })
          )
        ) : (
          <Text key={field} size="xs">
            {fieldInWords(field)}: <b>{flagInWords(field, v) ?? String(v)}</b>
          </Text>
        ),
      )}
    </Group>
  )
}
