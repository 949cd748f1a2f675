import { useState } from 'react'
import { TagsInput, type TagsInputProps } from '@mantine/core'

type Props = Omit<
  TagsInputProps,
  'onChange' | 'onSearchChange' | 'searchValue' | 'dropdownOpened' | 'onDropdownOpen' | 'onDropdownClose'
> & {
  onChange: (labels: string[]) => void
  /** What is typed and not yet a label: its own checks (the label rules) read it. */
  typing: string
  onTyping: (text: string) => void
}

/**
 * Labels typed or picked from the project's: Enter, a comma or a space adds one. Its suggestions close
 * once a label is added, as a Select closes on its choice: left open, they lay over the form's buttons,
 * and a click on one picked a label. Typing the next label opens them again.
 */
export function LabelsInput({ onChange, typing, onTyping, ...props }: Props) {
  const [suggesting, setSuggesting] = useState(false)
  return (
    <TagsInput
      splitChars={[',', ' ']}
      {...props}
      onChange={(next) => {
        onChange(next)
        setSuggesting(false)
      }}
      searchValue={typing}
      onSearchChange={(next) => {
        onTyping(next)
        if (next) setSuggesting(true)
      }}
      dropdownOpened={suggesting}
      onDropdownOpen={() => setSuggesting(true)}
      onDropdownClose={() => setSuggesting(false)}
    />
  )
}
