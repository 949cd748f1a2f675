import { create } from 'zustand'

export const screens = ['overview', 'users', 'labels', 'activity', 'jobs', 'import', 'projects'] as const
export type Screen = (typeof screens)[number]

interface NavigationState {
  screen: Screen
  go(screen: Screen): void
}

export const useNavigation = create<NavigationState>((set) => ({
  screen: 'users',
  go: (screen) => set({ screen }),
}))
