import {
  Fragment,
  Suspense,
  createContext,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import {
  Badge,
  Box,
  Button,
  Group,
  Popover,
  Select,
  TextInput,
  Tooltip,
  type SelectProps,
} from '@mantine/core'
import type { DatesRangeValue } from '@mantine/dates'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAdjustmentsHorizontal, IconCalendar, IconFilterOff, IconTag } from '@tabler/icons-react'
import { labelProblem } from '@shared/appwrite-limits'
import type { UserFilters } from '@shared/contract/users'
import { lazyPart } from '../../components/lazy-part'
import { useWidth } from '../../components/use-width'
import { filtersInBar } from './filter-fit'

const loadPicker = () => import('./day-range-picker')
const DayRangePicker = lazyPart(() => loadPicker().then((m) => m.DayRangePicker))

/**
 * True inside "More filters": a filter's own dropdown (a select's options, a calendar) then stays in
 * the popover's part of the page. Portalled to the body, as Mantine puts it, a click in it was a click
 * outside the popover, which closed it before the option was picked.
 */
const Folded = createContext(false)

/** A filter's select: small, one value always chosen ("Any" for none). */
function FilterSelect(props: SelectProps) {
  const folded = useContext(Folded)
  return <Select size="xs" allowDeselect={false} comboboxProps={{ withinPortal: !folded }} {...props} />
}

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
  w,
  label,
  unavailable,
  value,
  onChange,
}: {
  w: number
  label: string
  unavailable?: string | undefined
  value: DatesRangeValue<string>
  onChange: (v: DatesRangeValue) => void
}) {
  const hasRange = Boolean(value[0] || value[1])
  const folded = useContext(Folded)
  const [opened, setOpened] = useState(false)
  const placeholder = unavailable ? 'Not on this server' : 'Any time'
  const disabled = Boolean(unavailable)
  const box = (
    <TextInput
      label={label}
      w={w}
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
              withinPortal={!folded}
              w={w}
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

/**
 * One filter of the bar: its width, whether it narrows the list now, and its control, drawn at that
 * width: the row is laid out by the same number the control is drawn with.
 */
interface FilterItem {
  name: string
  width: number
  active: boolean
  control: (width: number) => ReactNode
}

/** Room kept in the bar's row, in px: see filtersInBar. */
const SEARCH_MIN = 240
const MORE_BUTTON = 130
const CLEAR_BUTTON = 110
const GAP = 10 // Mantine's xs spacing, the Group's gap
const DATE_WIDTH = 220

/**
 * "More filters": the filters the bar has no room for, in a popover. Its count says how many of
 * them narrow the list, so a filter set there is never out of sight.
 */
function MoreFilters({ items }: { items: FilterItem[] }) {
  const set = items.filter((f) => f.active).length
  return (
    <Popover
      trapFocus
      returnFocus
      position="bottom-end"
      shadow="md"
      // Two date ranges to a line, with the dropdown's padding (Mantine's md) on either side.
      width={2 * DATE_WIDTH + GAP + 2 * 16}
    >
      <Popover.Target>
        <Button
          size="xs"
          variant={set ? 'light' : 'default'}
          leftSection={<IconAdjustmentsHorizontal size={14} />}
          rightSection={
            set ? (
              <Badge size="xs" circle data-testid="more-filters-count">
                {set}
              </Badge>
            ) : null
          }
          aria-label={set ? `More filters, ${set} set` : 'More filters'}
          style={{ flexShrink: 0 }}
        >
          More filters
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label="More filters" role="dialog">
        <Folded.Provider value={true}>
          <Group gap="xs" align="flex-end" wrap="wrap">
            {items.map((f) => (
              <Fragment key={f.name}>{f.control(f.width)}</Fragment>
            ))}
          </Group>
        </Folded.Provider>
      </Popover.Dropdown>
    </Popover>
  )
}

/**
 * The Users filters, in one row at any width: those the row has room for stand in it, most used
 * first, and the rest fold under "More filters". `lead` (the search box) comes first and takes the
 * room left over.
 */
export function UsersFilters({
  filters,
  onChange,
  lastAccessUnavailable,
  impersonatorUnavailable,
  lead,
}: {
  filters: UserFilters
  onChange: (filters: UserFilters) => void
  /** Why this project's server cannot filter by last access, if it cannot. */
  lastAccessUnavailable?: string | undefined
  /** Why this project's server has no impersonator flag, if it has none. */
  impersonatorUnavailable?: string | undefined
  lead?: ReactNode
}) {
  const [label, setLabel] = useState(filters.label ?? '')
  const [pending, setPending] = useState<{ field: keyof UserFilters; start: string } | null>(null)
  const [debouncedLabel] = useDebouncedValue(label.trim(), 300)
  const labelError = debouncedLabel ? labelProblem(debouncedLabel) : null
  const bar = useRef<HTMLDivElement>(null)
  const width = useWidth(bar)

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
  const given = (...keys: (keyof UserFilters)[]) => keys.some((k) => filters[k] !== undefined)
  const active = Object.values(filters).some((v) => v !== undefined && v !== '')
  const yesNo = (yes: string, no: string) => [
    { value: 'any', label: 'Any' },
    { value: 'yes', label: yes },
    { value: 'no', label: no },
  ]
  /** Email and Phone: verified, not verified, or either. */
  const verified = (name: string, field: 'emailVerified' | 'phoneVerified'): FilterItem => ({
    name,
    width: 130,
    active: given(field),
    control: (w) => (
      <FilterSelect
        label={name}
        w={w}
        data={yesNo('Verified', 'Not verified')}
        value={tri(filters[field])}
        onChange={(v) => set({ [field]: fromTri(v) })}
      />
    ),
  })

  // In the order they give way: the first stay in the bar longest.
  const items: FilterItem[] = [
    {
      name: 'Status',
      width: 120,
      active: given('status'),
      control: (w) => (
        <FilterSelect
          label="Status"
          w={w}
          data={[
            { value: 'any', label: 'Any' },
            { value: 'active', label: 'Active' },
            { value: 'blocked', label: 'Blocked' },
          ]}
          value={filters.status ?? 'any'}
          onChange={(v) => set({ status: v === 'active' || v === 'blocked' ? v : undefined })}
        />
      ),
    },
    {
      name: 'Label',
      width: 140,
      active: given('label'),
      control: (w) => (
        <TextInput
          label="Label"
          w={w}
          size="xs"
          placeholder="e.g. vip"
          leftSection={<IconTag size={14} />}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          error={labelError}
        />
      ),
    },
    verified('Email', 'emailVerified'),
    {
      name: 'Who',
      width: 150,
      active: given('anonymous', 'neverVerified'),
      control: (w) => (
        <FilterSelect
          label="Who"
          w={w}
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
        />
      ),
    },
    verified('Phone', 'phoneVerified'),
    {
      name: 'Sessions',
      width: 110,
      active: given('noSessions'),
      control: (w) => (
        <Tooltip
          label="Appwrite cannot filter by sessions: each user's are read, which takes longer on a large project."
          multiline
          w={260}
        >
          <div>
            <FilterSelect
              label="Sessions"
              w={w}
              data={[
                { value: 'any', label: 'Any' },
                { value: 'none', label: 'None' },
              ]}
              value={filters.noSessions ? 'none' : 'any'}
              onChange={(v) => set({ noSessions: v === 'none' ? true : undefined })}
            />
          </div>
        </Tooltip>
      ),
    },
    {
      name: 'Impersonator',
      width: 130,
      active: given('impersonator'),
      control: (w) => (
        <Tooltip label={impersonatorUnavailable} disabled={!impersonatorUnavailable}>
          <div>
            <FilterSelect
              label="Impersonator"
              w={w}
              data={yesNo('Yes', 'No')}
              value={tri(filters.impersonator)}
              onChange={(v) => set({ impersonator: fromTri(v) })}
              disabled={Boolean(impersonatorUnavailable)}
            />
          </div>
        </Tooltip>
      ),
    },
    {
      name: 'Registered',
      width: DATE_WIDTH,
      active: given('registeredAfter', 'registeredBefore'),
      control: (w) => (
        <DateRange w={w} label="Registered" {...range('registeredAfter', 'registeredBefore')} />
      ),
    },
    {
      name: 'Password changed',
      width: DATE_WIDTH,
      active: given('passwordChangedAfter', 'passwordChangedBefore'),
      control: (w) => (
        <DateRange
          w={w}
          label="Password changed"
          {...range('passwordChangedAfter', 'passwordChangedBefore')}
        />
      ),
    },
    {
      name: 'Last access',
      width: DATE_WIDTH,
      active: given('accessedAfter', 'accessedBefore'),
      control: (w) => (
        <DateRange
          w={w}
          label="Last access"
          unavailable={lastAccessUnavailable}
          {...range('accessedAfter', 'accessedBefore')}
        />
      ),
    },
  ]
  const shown = filtersInBar(
    items.map((f) => f.width),
    { width, lead: lead ? SEARCH_MIN : 0, more: MORE_BUTTON, tail: CLEAR_BUTTON, gap: GAP },
  )

  return (
    <Group ref={bar} gap="xs" align="flex-end" wrap="nowrap" data-testid="users-filter-bar">
      {lead && (
        <Box flex={1} miw={SEARCH_MIN}>
          {lead}
        </Box>
      )}
      {items.slice(0, shown).map((f) => (
        <Fragment key={f.name}>{f.control(f.width)}</Fragment>
      ))}
      {shown < items.length && <MoreFilters items={items.slice(shown)} />}
      {active && (
        <Button
          size="xs"
          variant="subtle"
          leftSection={<IconFilterOff size={14} />}
          style={{ flexShrink: 0 }}
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
