import { create } from 'zustand'

export const screens = ['overview', 'users', 'labels', 'activity', 'jobs', 'import', 'projects'] as const
export type Screen = (typeof screens)[number]

/** Each screen's name in the sidebar, and its key after G (see go-to-keys): one list for both. */
export const screenNames: Record<Screen, { label: string; goKey: string }> = {
  overview: { label: 'Overview', goKey: 'o' },
  users: { label: 'Users', goKey: 'u' },
  labels: { label: 'Labels', goKey: 'l' },
  import: { label: 'Import', goKey: 'i' },
  jobs: { label: 'Jobs', goKey: 'j' },
  activity: { label: 'Activity', goKey: 'a' },
  projects: { label: 'Projects', goKey: 'p' },
}

interface NavigationState {
  screen: Screen
  go(screen: Screen): void
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'users',
  go: (screen) => set({ screen }),
}))
