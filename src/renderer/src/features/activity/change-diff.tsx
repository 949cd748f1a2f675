import { Badge, Code, Group, Stack, Text } from '@mantine/core'
import { fieldInWords } from '@shared/user-fields'

type Side = Record<string, unknown> | null | undefined

/** Fields that name or reach a person: masked in privacy mode. */
const personal = new Set(['name', 'email', 'phone'])

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const show = (v: unknown): string => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v))

/** Labels as chips: the ones a change added filled, the ones it removed struck through. */
function LabelsDiff({ before, after }: { before: unknown[]; after: unknown[] }) {
  const added = after.filter((l) => !before.includes(l))
  const removed = before.filter((l) => !after.includes(l))
  if (!added.length && !removed.length) return <Text size="xs">labels unchanged</Text>
  return (
    <Group gap={4}>
      {added.map((l) => (
        <Badge key={`+${String(l)}`} size="sm" tt="none" aria-label={`added label ${String(l)}`}>
          + {String(l)}
        </Badge>
      ))}
      {removed.map((l) => (
        <Badge
          key={`-${String(l)}`}
          size="sm"
          tt="none"
          color="gray"
          variant="outline"
          td="line-through"
          aria-label={`removed label ${String(l)}`}
        >
          {String(l)}
        </Badge>
      ))}
    </Group>
  )
}

/** A JSON object (preferences) as the keys that changed: added, removed, or old → new. */
function ObjectDiff({ before, after }: { before: Record<string, unknown>; after: Record<string, unknown> }) {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  )
  if (!keys.length) return <Text size="xs">no keys changed</Text>
  return (
    <Stack gap={2}>
      {keys.map((k) => (
        <Code key={k} fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
          {!(k in before)
            ? `+ ${k}: ${show(after[k])}`
            : !(k in after)
              ? `- ${k}: ${show(before[k])}`
              : `~ ${k}: ${show(before[k])} → ${show(after[k])}`}
        </Code>
      ))}
    </Stack>
  )
}

/** One audit entry's change, field by field, in words: before → after, labels and prefs as diffs. */
export function ChangeDiff({ before, after }: { before: Side; after: Side }) {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (f) => f !== 'sessionIds',
  )
  if (!fields.length) return <Text c="dimmed">—</Text>
  return (
    <Stack gap={4}>
      {fields.map((f) => {
        const b = before?.[f]
        const a = after?.[f]
        if (Array.isArray(b) || Array.isArray(a))
          return <LabelsDiff key={f} before={Array.isArray(b) ? b : []} after={Array.isArray(a) ? a : []} />
        if (isObject(b) || isObject(a))
          return (
            <Stack key={f} gap={2}>
              <Text size="xs" c="dimmed">
                {fieldInWords(f)}
              </Text>
              <ObjectDiff before={isObject(b) ? b : {}} after={isObject(a) ? a : {}} />
            </Stack>
          )
        const masked = personal.has(f) || undefined
        return (
          <Text key={f} size="xs">
            {fieldInWords(f)}: <span data-private={masked}>{show(b)}</span> →{' '}
            <b data-private={masked}>{show(a)}</b>
          </Text>
        )
      })}
    </Stack>
  )
}
