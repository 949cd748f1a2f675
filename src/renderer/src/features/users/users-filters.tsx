import { Suspense, useEffect, useState } from 'react'
import { Button, Group, Select, TextInput, Tooltip } from '@mantine/core'
import type { DatesRangeValue } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { IconCalendar, IconFilterOff, IconTag } from '@tabler/icons-react'
import { labelProblem } from '@shared/appwrite-limits'
import type { UserFilters } from '@shared/contract/users'
import { lazyPart } from '../../components/lazy-part'

const loadPicker = () => import('./day-range-picker')
const DayRangePicker = lazyPart(() => loadPicker().then((m) => m.DayRangePicker))

type Tri = 'any' | 'yes' | 'no'
const tri = (v: boolean | undefined): Tri => (v === undefined ? 'any' : v ? 'yes' : 'no')
const fromTri = (v: string | null): boolean | undefined =>
  v === 'yes' ? true : v === 'no' ? false : undefined

/** DatePickerInput speaks `YYYY-MM-DD` strings; the contract takes the same form for whole days. */
function dayOf(value: string | Date | null): string | undefined {
  if (!value) return undefined
  return typeof value === 'string' ? value.slice(0, 10) : value.toISOString().slice(0, 10)
}

/**
 * A day range filter; disabled, saying why, where the project's server cannot filter by it. Until a
 * person opens it (or it holds a range), it is a plain box that looks the same: the picker's code loads
 * when the pointer or the focus reaches the box, so the window's first load does not carry it. The box
 * stays in place until it is clicked, so a click is never lost to the swap.
 */
function DateRange({
  label,
  unavailable,
  value,
  onChange,
}: {
  label: string
  unavailable?: string | undefined
  value: DatesRangeValue<string>
  onChange: (v: DatesRangeValue) => void
}) {
  const hasRange = Boolean(value[0] || value[1])
  const [opened, setOpened] = useState(false)
  const placeholder = unavailable ? 'Not on this server' : 'Any time'
  const disabled = Boolean(unavailable)
  const box = (
    <TextInput
      label={label}
      w={220}
      size="xs"
      placeholder={placeholder}
      leftSection={<IconCalendar size={14} />}
      readOnly
      disabled={disabled}
      onPointerEnter={() => void loadPicker()}
      onFocus={() => void loadPicker()}
      onClick={() => setOpened(true)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowDown') setOpened(true)
      }}
    />
  )
  return (
    <Tooltip label={unavailable} disabled={!unavailable}>
      <div>
        {opened || hasRange ? (
          <Suspense fallback={box}>
            <DayRangePicker
              label={label}
              placeholder={placeholder}
              disabled={disabled}
              openOnMount={opened}
              value={value}
              onChange={onChange}
            />
          </Suspense>
        ) : (
          box
        )}
      </div>
    </Tooltip>
  )
}

export function UsersFilters({
  filters,
  onChange,
  lastAccessUnavailable,
  impersonatorUnavailable,
}: {
  filters: UserFilters
  onChange: (filters: UserFilters) => void
  /** Why this project's server cannot filter by last access, if it cannot. */
  lastAccessUnavailable?: string | undefined
  /** Why this project's server has no impersonator flag, if it has none. */
  impersonatorUnavailable?: string | undefined
}) {
  const [label, setLabel] = useState(filters.label ?? '')
  const [pending, setPending] = useState<{ field: keyof UserFilters; start: string } | null>(null)
  const [debouncedLabel] = useDebouncedValue(label.trim(), 300)
  const labelError = debouncedLabel ? labelProblem(debouncedLabel) : null

  useEffect(() => {
    if (labelError || (debouncedLabel || undefined) === filters.label) return
    onChange({ ...filters, label: debouncedLabel || undefined })
    // Only the typed label drives this; the other filters are passed through as they are.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedLabel, labelError])

  const set = (patch: Partial<UserFilters>) => onChange({ ...filters, ...patch })
  // A range half picked waits here for its end, so the list reloads once, for the whole range.
  const range = (from: keyof UserFilters, until: keyof UserFilters) => ({
    value: (pending?.field === from
      ? [pending.start, null]
      : [filters[from] ?? null, filters[until] ?? null]) as DatesRangeValue<string>,
    onChange: (v: DatesRangeValue) => {
      if (v[0] && !v[1]) {
        setPending({ field: from, start: dayOf(v[0])! })
        return
      }
      setPending(null)
      set({ [from]: dayOf(v[0]), [until]: dayOf(v[1]) })
    },
  })
  const active = Object.values(filters).some((v) => v !== undefined && v !== '')

  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        label="Status"
        w={120}
        size="xs"
        data={[
          { value: 'any', label: 'Any' },
          { value: 'active', label: 'Active' },
          { value: 'blocked', label: 'Blocked' },
        ]}
        value={filters.status ?? 'any'}
        onChange={(v) => set({ status: v === 'active' || v === 'blocked' ? v : undefined })}
        allowDeselect={false}
      />
      <Select
        label="Email"
        w={130}
        size="xs"
        data={[
          { value: 'any', label: 'Any' },
          { value: 'yes', label: 'Verified' },
          { value: 'no', label: 'Not verified' },
        ]}
        value={tri(filters.emailVerified)}
        onChange={(v) => set({ emailVerified: fromTri(v) })}
        allowDeselect={false}
      />
      <Select
        label="Phone"
        w={130}
        size="xs"
        data={[
          { value: 'any', label: 'Any' },
          { value: 'yes', label: 'Verified' },
          { value: 'no', label: 'Not verified' },
        ]}
        value={tri(filters.phoneVerified)}
        onChange={(v) => set({ phoneVerified: fromTri(v) })}
        allowDeselect={false}
      />
      <Select
        label="Who"
        w={150}
        size="xs"
        data={[
          { value: 'any', label: 'Anyone' },
          { value: 'anonymous', label: 'Anonymous' },
          { value: 'neverVerified', label: 'Never verified' },
        ]}
        value={filters.anonymous ? 'anonymous' : filters.neverVerified ? 'neverVerified' : 'any'}
        onChange={(v) =>
          set({
            anonymous: v === 'anonymous' ? true : undefined,
            neverVerified: v === 'neverVerified' ? true : undefined,
          })
        }
        allowDeselect={false}
      />
      <Tooltip
        label="Appwrite cannot filter by sessions: each user's are read, which takes longer on a large project."
        multiline
        w={260}
      >
        <div>
          <Select
            label="Sessions"
            w={110}
            size="xs"
            data={[
              { value: 'any', label: 'Any' },
              { value: 'none', label: 'None' },
            ]}
            value={filters.noSessions ? 'none' : 'any'}
            onChange={(v) => set({ noSessions: v === 'none' ? true : undefined })}
            allowDeselect={false}
          />
        </div>
      </Tooltip>
      <Tooltip label={impersonatorUnavailable} disabled={!impersonatorUnavailable}>
        <div>
          <Select
            label="Impersonator"
            w={130}
            size="xs"
            data={[
              { value: 'any', label: 'Any' },
              { value: 'yes', label: 'Yes' },
              { value: 'no', label: 'No' },
            ]}
            value={tri(filters.impersonator)}
            onChange={(v) => set({ impersonator: fromTri(v) })}
            disabled={Boolean(impersonatorUnavailable)}
            allowDeselect={false}
          />
        </div>
      </Tooltip>
      <TextInput
        label="Label"
        w={140}
        size="xs"
        placeholder="e.g. vip"
        leftSection={<IconTag size={14} />}
        value={label}
        onChange={(e) => setLabel(e.currentTarget.value)}
        error={labelError}
      />
      <DateRange label="Registered" {...range('registeredAfter', 'registeredBefore')} />
      <DateRange label="Password changed" {...range('passwordChangedAfter', 'passwordChangedBefore')} />
      <DateRange
        label="Last access"
        unavailable={lastAccessUnavailable}
        {...range('accessedAfter', 'accessedBefore')}
      />
      {active && (
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconFilterOff size={14} />}
          onClick={() => {
            setLabel('')
            onChange({})
          }}
        >
          Clear filters
        </Button>
      )}
    </Group>
  )
}
