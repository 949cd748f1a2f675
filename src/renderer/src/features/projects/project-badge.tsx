import { Badge, Group, Text } from '@mantine/core'
import type { ProjectView } from '@shared/models'
import { tagColours } from '../../theme'

/** The project's colour and tag, shown wherever a project is named so nobody mistakes production. */
export function ProjectBadge({ project, truncate = true }: { project: ProjectView; truncate?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span
        aria-hidden
        style={{
          width: 10,
          height: 10,
          borderRadius: 10,
          background: `var(--mantine-color-${project.colour}-6, ${project.colour})`,
          flex: 'none',
        }}
      />
      <Text size="sm" fw={500} truncate={truncate} style={truncate ? undefined : { whiteSpace: 'nowrap' }}>
        {project.name}
      </Text>
      {/* The tag is read in full, never "sta…": the name gives way instead, and a table column is
          sized for the whole tag (a Badge's clipped label would let it shrink under the next cell). */}
      <Badge
        size="xs"
        variant="light"
        color={tagColours[project.tag]}
        style={{ flex: 'none', minWidth: 'max-content' }}
      >
        {project.tag}
      </Badge>
    </Group>
  )
}
