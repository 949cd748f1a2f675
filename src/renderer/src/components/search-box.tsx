import { useRef, type KeyboardEvent, type ReactNode, type Ref } from 'react'
import { CloseButton, Kbd, TextInput, type MantineSize } from '@mantine/core'
import { useMergedRef } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'

export interface SearchBoxProps {
  ref?: Ref<HTMLInputElement>
  value: string
  onChange: (value: string) => void
  /** The box's name for a screen reader ('Search users'). */
  label: string
  /** Its ×'s name ('Clear search'). */
  clearLabel: string
  /** The key that brings the focus here, shown in the box while it is empty ('Ctrl F', '/'). */
  shortcut: string
  /**
   * Esc in the box once it is empty: the focus leaves it for what it filters, where single-key
   * shortcuts (G then a letter, ?) work again and the arrows move in the list.
   */
  onLeave: () => void
  /** Keys of the box's own, before Esc is looked at (the Users search's ↓ and Enter). */
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void
  placeholder?: string
  size?: MantineSize
  /** What an icon shows in front of the text. */
  leftSection?: ReactNode
}

/**
 * A search or filter box that the keyboard can leave: Esc clears what is typed, and Esc in the empty
 * box leaves it (onLeave). Its × is a button, which Tab reaches, a screen reader names and a click
 * takes, and which puts the focus back in the box.
 */
export function SearchBox({
  ref,
  value,
  onChange,
  label,
  clearLabel,
  shortcut,
  onLeave,
  onKeyDown,
  placeholder,
  size,
  leftSection,
}: SearchBoxProps) {
  const own = useRef<HTMLInputElement>(null)
  const merged = useMergedRef(own, ref)
  return (
    <TextInput
      ref={merged}
      size={size}
      leftSection={leftSection ?? <IconSearch size={size === 'xs' ? 16 : 14} />}
      rightSection={
        value ? (
          <CloseButton
            size="sm"
            aria-label={clearLabel}
            onClick={() => {
              onChange('')
              own.current?.focus()
            }}
          />
        ) : (
          <Kbd size="xs">{shortcut}</Kbd>
        )
      }
      rightSectionWidth={56}
      // Mantine's sections let clicks through to the box: the × would take none without this.
      rightSectionPointerEvents={value ? 'auto' : 'none'}
      placeholder={placeholder}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onKeyDown={(e) => {
        onKeyDown?.(e)
        if (e.defaultPrevented || e.key !== 'Escape' || e.nativeEvent.isComposing) return
        e.preventDefault()
        if (value) onChange('')
        else onLeave()
      }}
    />
  )
}
