import { Suspense, useEffect, useRef, useState } from 'react'
import { Input, InputBase } from '@mantine/core'
import type { DatesRangeValue } from '@mantine/dates'
import { IconCalendar } from '@tabler/icons-react'
import { lazyPart } from '../../components/lazy-part'

const loadDates = () => import('@mantine/dates')
// Mantine's date pickers (and dayjs) load the first time someone opens one: most visits never do,
// and the Users screen's first load stays small.
const DatePickerInput = lazyPart(() => loadDates().then((m) => m.DatePickerInput))

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
})
const shown = (day: string | null) => (day ? dayFormat.format(new Date(`${day}T00:00:00Z`)) : '')

interface Props {
  label: string
  value: DatesRangeValue<string>
  onChange: (value: DatesRangeValue) => void
  placeholder?: string | undefined
  disabled?: boolean
}

const look = { w: 220, size: 'xs', leftSection: <IconCalendar size={14} /> } as const

/** A whole-day range filter; until first opened, a look-alike that shows the range without the picker. */
export function DateRangeFilter(props: Props) {
  const { label, value, placeholder = 'Any time', disabled = false } = props
  const [wanted, setWanted] = useState(false)
  const [from, until] = value
  const text = from ? `${shown(from)} – ${shown(until)}` : ''
  const standIn = (
    <InputBase
      {...look}
      component="button"
      type="button"
      label={label}
      pointer
      disabled={disabled}
      onMouseEnter={() => void loadDates()}
      onFocus={() => void loadDates()}
      onClick={() => setWanted(true)}
    >
      {text || <Input.Placeholder>{placeholder}</Input.Placeholder>}
    </InputBase>
  )
  if (!wanted) return standIn
  return (
    <Suspense fallback={standIn}>
      <OpenedPicker {...props} />
    </Suspense>
  )
}

/** The real picker, opened once on arrival: the click that asked for it meant "open". */
function OpenedPicker({ label, value, onChange, placeholder = 'Any time', disabled = false }: Props) {
  const ref = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    ref.current?.focus()
    ref.current?.click()
  }, [])
  return (
    <DatePickerInput
      {...look}
      ref={ref}
      type="range"
      label={label}
      placeholder={placeholder}
      disabled={disabled}
      clearable
      allowSingleDateInRange
      valueFormat="D MMM YYYY"
      value={value}
      // React.lazy drops the picker's type parameter; with type="range" the value is a range.
      onChange={(v) => onChange(v as DatesRangeValue)}
    />
  )
}
