import { Combobox, Modal, createTheme, type MantineColorSchemeManager } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // A person who asked their OS for less motion gets dialogs and menus that appear at once.
  respectReducedMotion: true,
  components: {
    // A closed dropdown is not kept in the page: the Users screen alone has seven (its filters and
    // the project switcher), and each kept one is laid out and positioned while the window opens.
    Combobox: Combobox.extend({ defaultProps: { keepMounted: false } }),
    // Mantine's × names nothing: a screen reader heard "button". Every dialog's is "Close".
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } }),
  },
})

/**
 * The window is light or dark as the OS is, with no toggle of its own, so there is nothing to keep.
 * Mantine's default manager reads localStorage as the window opens, which costs the first load a
 * round trip to the browser's storage.
 */
export const followTheSystem: MantineColorSchemeManager = {
  get: (defaultValue) => defaultValue,
  set: () => undefined,
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  clear: () => undefined,
}

/** The colour of each project tag's badge, so "production" looks the same on every screen. */
export const tagColours = {
  production: 'red',
  staging: 'yellow',
  development: 'teal',
  demo: 'grape',
} as const
