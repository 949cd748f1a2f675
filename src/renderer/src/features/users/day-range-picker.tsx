import '@mantine/dates/styles.css'
import { useEffect, useRef } from 'react'
import { DatePickerInput, type DatesRangeValue } from '@mantine/dates'
import { IconCalendar } from '@tabler/icons-react'

/**
 * Mantine's range picker, in a module of its own: it and its calendar are a fifth of the Users screen's
 * code, so they load when a person reaches for a date filter (see `DateRange` in users-filters).
 */
export function DayRangePicker({
  withinPortal = true,
  w,
  label,
  placeholder,
  disabled,
  openOnMount,
  value,
  onChange,
}: {
  /** Its width in the filter bar, which lays the row out by it. */
  w: number
  label: string
  placeholder: string
  disabled: boolean
  /** Opened from the plain box that stood in for it: it takes over open, with the focus. */
  openOnMount: boolean
  /** False inside another popover, so its calendar counts as inside that one (see users-filters). */
  withinPortal?: boolean
  value: DatesRangeValue<string>
  onChange: (v: DatesRangeValue) => void
}) {
  const button = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!openOnMount) return
    button.current?.focus()
    button.current?.click()
    // Only on the hand-over: later renders leave the picker to the person.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  return (
    <DatePickerInput
      ref={button}
      type="range"
      label={label}
      w={w}
      size="xs"
      placeholder={placeholder}
      clearable
      allowSingleDateInRange
      disabled={disabled}
      leftSection={<IconCalendar size={14} />}
      valueFormat="D MMM YYYY"
      popoverProps={{ withinPortal }}
      value={value}
      onChange={onChange}
    />
  )
}
