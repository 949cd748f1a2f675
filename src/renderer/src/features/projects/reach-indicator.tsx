import { Badge, Group, Loader, Tooltip } from '@mantine/core'
import type { ProjectView } from '@shared/models'
import { clockTime } from '@shared/clock'

const labels: Record<string, string> = {
  key_missing: 'No key',
  key_invalid: 'Key not accepted',
  project_not_found: 'Project not found',
  tls: 'TLS problem',
  bad_response: 'Not Appwrite',
  missing_scope: 'Missing scope',
  keychain_unavailable: 'Keychain unavailable',
}

/** Colour for the small dot beside a project's name: green answers, red does not, grey not yet known. */
export function reachColour(project: ProjectView): string {
  switch (project.reach.state) {
    case 'online':
      return 'green'
    case 'unreachable':
      return 'orange'
    case 'error':
      return 'red'
    default:
      return 'gray'
  }
}

export function reachLabel(project: ProjectView): string {
  const { state, code } = project.reach
  if (state === 'online') return 'Online'
  if (state === 'checking') return 'Checking…'
  if (state === 'unknown') return 'Not checked yet'
  if (state === 'unreachable') return code === 'server_error' ? 'Server down' : 'Unreachable'
  return (code && labels[code]) ?? 'Error'
}

export function ReachDot({ project }: { project: ProjectView }) {
  return (
    <span
      role="img"
      aria-label={reachLabel(project)}
      title={reachLabel(project)}
      style={{
        width: 8,
        height: 8,
        borderRadius: 8,
        flex: 'none',
        background: `var(--mantine-color-${reachColour(project)}-6)`,
      }}
    />
  )
}

export function ReachBadge({ project }: { project: ProjectView }) {
  const retry = project.reach.nextRetryAt
  const badge = (
    <Badge
      variant="light"
      color={reachColour(project)}
      leftSection={project.reach.state === 'checking' ? <Loader size={10} color="gray" /> : undefined}
      data-reach={project.reach.state}
    >
      {reachLabel(project)}
    </Badge>
  )
  if (!retry) return badge
  return (
    <Tooltip label={`Userdeck tries again at ${clockTime(retry, { seconds: true })}, and keeps trying.`}>
      <Group gap={4}>{badge}</Group>
    </Tooltip>
  )
}
