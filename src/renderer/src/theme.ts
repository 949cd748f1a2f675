import { createTheme } from '@mantine/core'

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  fontFamily: 'Inter, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
})

/** The colour of each project tag's badge, so "production" looks the same on every screen. */
export const tagColours = {
  production: 'red',
  staging: 'yellow',
  development: 'teal',
  demo: 'grape',
} as const
