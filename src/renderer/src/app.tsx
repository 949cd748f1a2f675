import { Suspense, useMemo, type ReactNode } from 'react'
import { AppShell, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core'
import {
  IconAddressBook,
  IconChartBar,
  IconFileImport,
  IconHistory,
  IconListCheck,
  IconServer2,
  IconTags,
  IconUsers,
} from '@tabler/icons-react'
import { useActiveProject, useProjects } from './features/projects/projects-store'
import { ProjectSwitcher } from './features/projects/project-switcher'
import { FRAME_BAR_HEIGHT, ProjectEdge, ProjectFrame } from './features/projects/project-frame'
import { SearchEverywhere, SearchEverywhereButton } from './features/search/search-everywhere'
import { UsersScreen } from './features/users/users-screen'
import { ErrorAlert } from './components/error-alert'
import { KeychainBanner } from './features/projects/keychain-banner'
import { KeptAsideBanner } from './components/kept-aside-banner'
import { PartLoading, lazyPart } from './components/lazy-part'
import { ShortcutsHelp } from './features/help/shortcuts-help'
import { PrivacyToggle } from './features/settings/privacy-toggle'
import { JobsLayer } from './features/jobs/jobs-layer'
import { screenNames, useNavigation, type Screen } from './navigation'
import { useGoToKeys } from './go-to-keys'
import { useShortcuts } from './shortcut-keys'
import { useUndoKey } from './features/users/write-feedback'

/** The sidebar, in order; names and G keys are `screenNames`'. */
const nav: {
  screen: Screen
  icon: ReactNode
  needsProject: boolean
  /** A chord that works from anywhere, fields included, like the header's (mod+shift+letter). */
  shortcut?: { keys: string; text: string; aria: string }
}[] = [
  {
    screen: 'overview',
    icon: <IconChartBar size={18} />,
    needsProject: true,
    shortcut: { keys: 'mod+shift+O', text: 'Ctrl+Shift+O', aria: 'Control+Shift+O Meta+Shift+O' },
  },
  { screen: 'users', icon: <IconUsers size={18} />, needsProject: true },
  { screen: 'labels', icon: <IconTags size={18} />, needsProject: true },
  { screen: 'import', icon: <IconFileImport size={18} />, needsProject: true },
  { screen: 'jobs', icon: <IconListCheck size={18} />, needsProject: false },
  { screen: 'activity', icon: <IconHistory size={18} />, needsProject: false },
  { screen: 'projects', icon: <IconServer2 size={18} />, needsProject: false },
]

/** The screens by their G key, for the whole window. */
const goKeys = (go: (screen: Screen) => void) =>
  Object.fromEntries(nav.map((n) => [screenNames[n.screen].goKey, () => go(n.screen)]))

// The window opens on Users: every other screen's code loads when the screen is first opened.
const LabelsScreen = lazyPart(() => import('./features/labels/labels-screen').then((m) => m.LabelsScreen))
const ActivityScreen = lazyPart(() =>
  import('./features/activity/activity-screen').then((m) => m.ActivityScreen),
)
const JobsScreen = lazyPart(() => import('./features/jobs/jobs-screen').then((m) => m.JobsScreen))
const ImportScreen = lazyPart(() => import('./features/import/import-screen').then((m) => m.ImportScreen))
const OverviewScreen = lazyPart(() =>
  import('./features/overview/overview-screen').then((m) => m.OverviewScreen),
)
const ProjectsScreen = lazyPart(() =>
  import('./features/projects/projects-screen').then((m) => m.ProjectsScreen),
)

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'overview':
      return <OverviewScreen />
    case 'users':
      return <UsersScreen />
    case 'labels':
      return <LabelsScreen />
    case 'activity':
      return <ActivityScreen />
    case 'jobs':
      return <JobsScreen />
    case 'import':
      return <ImportScreen />
    case 'projects':
      return <ProjectsScreen />
  }
}

export function App() {
  const { load, loading, error } = useProjects()
  const active = useActiveProject()
  const { screen, go } = useNavigation()

  useShortcuts(nav.flatMap((n) => (n.shortcut ? [[n.shortcut.keys, () => go(n.screen)] as const] : [])))
  useGoToKeys(useMemo(() => goKeys(go), [go]))
  // While a change's notice is up, wherever the person has gone since.
  useUndoKey()

  const needsProject = nav.find((n) => n.screen === screen)?.needsProject ?? false

  return (
    <AppShell
      header={{ height: 56 + (active ? FRAME_BAR_HEIGHT : 0) }}
      navbar={{ width: 200, breakpoint: 0 }}
      padding="md"
    >
      <AppShell.Header>
        {active && <ProjectFrame project={active} />}
        <Group h={56} px="md" justify="space-between">
          <Group gap="xs">
            <IconAddressBook size={22} />
            <Title order={4}>Userdeck</Title>
          </Group>
          <Group gap="sm">
            <SearchEverywhereButton />
            <ShortcutsHelp />
            <PrivacyToggle />
            <ProjectSwitcher />
          </Group>
        </Group>
      </AppShell.Header>
      {/* Its links hand the focus on to the screen they open (focusIsFree). */}
      <AppShell.Navbar p="xs" aria-label="Screens" data-screen-links="">
        <Stack gap={2}>
          {nav.map((n) => (
            <NavLink
              key={n.screen}
              label={screenNames[n.screen].label}
              leftSection={n.icon}
              active={screen === n.screen}
              // An href makes it a link, which Tab reaches and Enter opens. The screens are not
              // addresses: the click opens the screen here instead of following it.
              href={`#${n.screen}`}
              onClick={(e) => {
                e.preventDefault()
                go(n.screen)
              }}
              aria-current={screen === n.screen ? 'page' : undefined}
              aria-keyshortcuts={n.shortcut?.aria}
              title={`${screenNames[n.screen].label} (G then ${screenNames[n.screen].goKey.toUpperCase()}${n.shortcut ? `, or ${n.shortcut.text}` : ''})`}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main style={{ height: '100vh' }}>
        <KeptAsideBanner />
        <KeychainBanner />
        {error && <ErrorAlert error={error} title="Could not load projects" onRetry={() => void load()} />}
        {needsProject && loading && !active && (
          <Center py="xl">
            <Loader />
          </Center>
        )}
        {needsProject && !loading && !error && !active && (
          <Center py="xl">
            <Text>No project yet. Add one under Projects.</Text>
          </Center>
        )}
        {(!needsProject || active) && (
          <Suspense fallback={<PartLoading />}>
            <CurrentScreen screen={screen} />
          </Suspense>
        )}
      </AppShell.Main>
      {active && <ProjectEdge project={active} />}
      <SearchEverywhere />
      {/* Once, for every screen: a job's progress and its dialog follow the person wherever they go. */}
      <JobsLayer />
    </AppShell>
  )
}
