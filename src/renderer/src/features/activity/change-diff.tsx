import { Badge, Code, Group, Stack, Text } from '@mantine/core'
import { fieldInWords, flagInWords } from '@shared/user-fields'
import { exactTime } from '@shared/clock'

type Side = Record<string, unknown> | null | undefined

/** Fields that name or reach a person: masked in privacy mode. */
const personal = new Set(['name', 'email', 'phone'])

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

const show = (v: unknown): string =>
  v === undefined || v === '' ? '—' : typeof v === 'string' ? v : JSON.stringify(v)

/**
 * A field's value: a yes-or-no in words (blocked, verified), a moment (registration, password
 * update…) in the machine's clock, as elsewhere.
 */
const showField = (field: string, v: unknown): string =>
  flagInWords(field, v) ??
  (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) ? exactTime(v) : show(v))

/** Nothing worth a line: a created user's unset fields, a deleted one's empty lists. */
const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0)

/** A list item that is a record (a messaging target): its kind and address, else its JSON. */
function itemInWords(item: unknown): string {
  if (!isObject(item)) return show(item)
  const { providerType, identifier } = item
  return typeof identifier === 'string'
    ? [providerType, identifier].filter((v) => typeof v === 'string' && v).join(' ')
    : JSON.stringify(item)
}

/** A list of records (targets) as the items added and removed, one line each; they may name a person. */
function ItemsDiff({ before, after }: { before: unknown[]; after: unknown[] }) {
  const key = (v: unknown) => JSON.stringify(v)
  const added = after.filter((i) => !before.some((b) => key(b) === key(i)))
  const removed = before.filter((i) => !after.some((a) => key(a) === key(i)))
  return (
    <Stack gap={2}>
      {[...added.map((i) => `+ ${itemInWords(i)}`), ...removed.map((i) => `- ${itemInWords(i)}`)].map(
        (line) => (
          <Code key={line} fz="xs" data-private style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {line}
          </Code>
        ),
      )}
    </Stack>
  )
}

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
    (f) => f !== 'sessionIds' && !(isEmpty(before?.[f]) && isEmpty(after?.[f])),
  )
  if (!fields.length) return <Text c="dimmed">—</Text>
  return (
    <Stack gap={4}>
      {fields.map((f) => {
        const b = before?.[f]
        const a = after?.[f]
        if (Array.isArray(b) || Array.isArray(a)) {
          const [was, is] = [Array.isArray(b) ? b : [], Array.isArray(a) ? a : []]
          if (![...was, ...is].some(isObject)) return <LabelsDiff key={f} before={was} after={is} />
          return (
            <Stack key={f} gap={2}>
              <Text size="xs" c="dimmed">
                {fieldInWords(f)}
              </Text>
              <ItemsDiff before={was} after={is} />
            </Stack>
          )
        }
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
        // A created or deleted user: what it was, not a line of "— →" per field.
        if (!before || !after)
          return (
            <Text key={f} size="xs">
              {fieldInWords(f)}: <b data-private={masked}>{showField(f, before ? b : a)}</b>
            </Text>
          )
        return (
          <Text key={f} size="xs">
            {fieldInWords(f)}: <span data-private={masked}>{showField(f, b)}</span> →{' '}
            <b data-private={masked}>{showField(f, a)}</b>
          </Text>
        )
      })}
    </Stack>
  )
}
