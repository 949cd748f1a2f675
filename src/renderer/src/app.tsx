import { Suspense, type ReactNode } from 'react'
import { AppShell, Center, Group, Loader, NavLink, Stack, Text, Title } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
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
import { useNavigation, type Screen } from './navigation'

const nav: {
  screen: Screen
  label: string
  icon: ReactNode
  needsProject: boolean
  /** A chord that works from anywhere, fields included, like the header's (mod+shift+letter). */
  shortcut?: { keys: string; text: string; aria: string }
}[] = [
  {
    screen: 'overview',
    label: 'Overview',
    icon: <IconChartBar size={18} />,
    needsProject: true,
    shortcut: { keys: 'mod+shift+O', text: 'Ctrl+Shift+O', aria: 'Control+Shift+O Meta+Shift+O' },
  },
  { screen: 'users', label: 'Users', icon: <IconUsers size={18} />, needsProject: true },
  { screen: 'labels', label: 'Labels', icon: <IconTags size={18} />, needsProject: true },
  { screen: 'import', label: 'Import', icon: <IconFileImport size={18} />, needsProject: true },
  { screen: 'jobs', label: 'Jobs', icon: <IconListCheck size={18} />, needsProject: false },
  { screen: 'activity', label: 'Activity', icon: <IconHistory size={18} />, needsProject: false },
  { screen: 'projects', label: 'Projects', icon: <IconServer2 size={18} />, needsProject: false },
]

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

  useHotkeys(
    nav.flatMap((n) => (n.shortcut ? [[n.shortcut.keys, () => go(n.screen)] as const] : [])),
    [],
  )

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
      <AppShell.Navbar p="xs" aria-label="Screens">
        <Stack gap={2}>
          {nav.map((n) => (
            <NavLink
              key={n.screen}
              label={n.label}
              leftSection={n.icon}
              active={screen === n.screen}
              onClick={() => go(n.screen)}
              aria-current={screen === n.screen ? 'page' : undefined}
              aria-keyshortcuts={n.shortcut?.aria}
              title={n.shortcut ? `${n.label} (${n.shortcut.text})` : undefined}
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
