import '@mantine/charts/styles.css'
import { useState } from 'react'
import { Group, SegmentedControl, Stack } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { ProjectBadge } from '../projects/project-badge'
import { useActiveProject, useProjects } from '../projects/projects-store'
import { FleetView } from './fleet-view'
import { ProjectOverview } from './project-overview'

type View = 'project' | 'fleet'

/** A project at a glance, or every project side by side. */
export function OverviewScreen() {
  const project = useActiveProject()
  const projects = useProjects((s) => s.projects)
  const [view, setView] = useState<View>('project')
  const [refreshes, setRefreshes] = useState(0)
  if (!project) return null
  return (
    <Stack gap="md" pb="xl">
      <Group justify="space-between" gap="sm">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ScreenTitle>Overview</ScreenTitle>
          {view === 'project' && <ProjectBadge project={project} />}
        </Group>
        <SegmentedControl
          aria-label="Show"
          data={[
            { value: 'project', label: 'This project' },
            { value: 'fleet', label: 'All projects' },
          ]}
          value={view}
          onChange={(v) => setView(v as View)}
        />
      </Group>
      {view === 'project' ? (
        <ProjectOverview project={project} />
      ) : (
        <FleetView
          projects={projects}
          refreshes={refreshes}
          onRefreshAll={() => setRefreshes((n) => n + 1)}
          onOpen={(p) => {
            useProjects.getState().setActive(p.id)
            setView('project')
          }}
        />
      )}
    </Stack>
  )
}
