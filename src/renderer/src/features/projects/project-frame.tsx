import { Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconLock, IconLockOpen } from '@tabler/icons-react'
import type { ProjectView } from '@shared/models'
import { sendsKeyInClear } from '@shared/endpoints'
import { safeModeText } from './safe-mode'

/** The bar's height: part of the header, so screens lay out below it. */
export const FRAME_BAR_HEIGHT = 30
const EDGE_PX = 4

/** Shade 7 carries white text on every palette colour but the two lightest, which take dark text. */
const darkText = new Set(['yellow', 'lime'])

function colours(project: ProjectView): { background: string; color: string } {
  return {
    background: `var(--mantine-color-${project.colour}-7, ${project.colour})`,
    color: darkText.has(project.colour) ? 'var(--mantine-color-dark-9)' : 'white',
  }
}

/**
 * The current project as part of the window's frame: a bar across the top in the project's colour
 * with its name, tag and safe mode (and ProjectEdge around the whole window). It is in every
 * screenshot and readable from across the room, so production is never mistaken for staging.
 */
export function ProjectFrame({ project }: { project: ProjectView }) {
  const { background, color } = colours(project)
  const production = project.tag === 'production'
  return (
    <Group
      h={FRAME_BAR_HEIGHT}
      px="md"
      gap="sm"
      justify="center"
      wrap="nowrap"
      style={{ background, color }}
      role="status"
      aria-label={`Current project: ${project.name}, ${project.tag}, safe mode ${safeModeText[project.safeMode].label.toLowerCase()}${sendsKeyInClear(project.endpoint) ? ', key travels unencrypted' : ''}`}
      data-project-frame={project.tag}
    >
      {production && <IconAlertTriangle size={18} aria-hidden />}
      <Text fw={800} size="md" truncate style={{ color: 'inherit' }}>
        {project.name}
      </Text>
      <Text fw={800} size="sm" tt="uppercase" style={{ color: 'inherit', letterSpacing: 1.5 }}>
        {project.tag}
      </Text>
      {project.safeMode !== 'off' && (
        <Group gap={4} wrap="nowrap">
          <IconLock size={14} aria-hidden />
          <Text size="sm" fw={600} style={{ color: 'inherit' }}>
            {safeModeText[project.safeMode].badge}
          </Text>
        </Group>
      )}
      {sendsKeyInClear(project.endpoint) && (
        <Group gap={4} wrap="nowrap" data-testid="frame-unencrypted">
          <IconLockOpen size={14} aria-hidden />
          <Text size="sm" fw={700} style={{ color: 'inherit' }}>
            Plain http: key travels unencrypted
          </Text>
        </Group>
      )}
    </Group>
  )
}

/**
 * The same colour around the window's edges, drawn over everything and never catching a click. It
 * must sit outside the header: inside, the header's stacking order would put it under the navbar.
 */
export function ProjectEdge({ project }: { project: ProjectView }) {
  const width = project.tag === 'production' ? EDGE_PX + 2 : EDGE_PX
  return (
    <div
      aria-hidden
      style={{
        position: 'fixed',
        inset: 0,
        pointerEvents: 'none',
        boxShadow: `inset 0 0 0 ${width}px ${colours(project).background}`,
        zIndex: 1000,
      }}
    />
  )
}
