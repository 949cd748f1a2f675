import { Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { capitalised, personOf } from '@shared/user-fields'
import type { SentRequest, Confirmer } from '../../api'
import { useUsers } from '../users/users-store'
import { ProjectFrame } from './project-frame'
import { askAboutProject } from './ask-about-project'

type Input = Record<string, unknown>

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const list = (v: unknown) => (Array.isArray(v) ? v.map(String).join(', ') : '')

/** The person as one user is named everywhere (personOf), when the list holds them; else their id. */
function who(userId: unknown): string {
  const id = str(userId)
  const user = useUsers.getState().users.find((u) => u.id === id)
  return user ? personOf(user) : id
}

const described = new Set([
  'name',
  'email',
  'phone',
  'status',
  'labels',
  'addLabels',
  'removeLabels',
  'emailVerification',
  'phoneVerification',
  'prefs',
  'mfa',
])

/** Each changed field of users.update as a phrase a person reads before saying yes. */
function fieldChanges(change: Input): string[] {
  const out: string[] = []
  const said = (label: string, v: unknown) =>
    v === '' ? `remove the ${label}` : `set the ${label} to “${str(v)}”`
  if (change.name !== undefined) out.push(`set the name to “${str(change.name)}”`)
  if (change.email !== undefined) out.push(said('email', change.email))
  if (change.phone !== undefined) out.push(said('phone', change.phone))
  if (change.status !== undefined) out.push(change.status ? 'unblock' : 'block')
  if (change.labels !== undefined) out.push(`set the labels to ${list(change.labels) || 'none'}`)
  if (change.addLabels !== undefined) out.push(`add the labels ${list(change.addLabels)}`)
  if (change.removeLabels !== undefined) out.push(`remove the labels ${list(change.removeLabels)}`)
  if (change.emailVerification !== undefined)
    out.push(change.emailVerification ? 'mark the email verified' : 'mark the email unverified')
  if (change.phoneVerification !== undefined)
    out.push(change.phoneVerification ? 'mark the phone verified' : 'mark the phone unverified')
  if (change.prefs !== undefined) out.push('replace the preferences')
  if (change.mfa !== undefined) out.push(change.mfa ? 'turn MFA on' : 'turn MFA off')
  for (const [field, value] of Object.entries(change))
    if (!described.has(field) && value !== undefined) out.push(`change ${field}`)
  return out
}

/** What a write will change, in words, from the request itself. */
export function describeWrite({ channel, input }: SentRequest): string {
  const user = who(input.userId)
  switch (channel) {
    case 'users.update':
      return `${capitalised(fieldChanges((input.change ?? {}) as Input).join(', '))} for ${user}.`
    case 'users.updatePassword':
      return `Set a new password for ${user}. The old one cannot be brought back.`
    case 'users.create':
      return `Create the user ${str(input.email) || str(input.phone) || str(input.name) || str(input.userId)}.`
    case 'sessions.kill':
      return input.sessionId
        ? `End session ${str(input.sessionId)} of ${user}.`
        : `End all sessions of ${user}.`
    case 'activity.undo':
      return 'Undo this change: set its fields back to what they were.'
    case 'jobs.start':
    case 'jobs.resume':
      return `Run job ${str(input.jobId)}.`
    default:
      return `${channel}${input.userId ? ` for ${user}` : ''}.`
  }
}

/**
 * The one question a project that confirms every write asks: in its colours, naming the project and
 * what will change. Confirming sends the project's name, which the host checks again.
 */
export const askToConfirm: Confirmer = (error, request, what) =>
  askAboutProject(error, (project, answer) => {
    modals.openConfirmModal({
      title: `Confirm a change on ${project.name}`,
      size: 'lg',
      children: (
        <Stack gap="sm">
          <ProjectFrame project={project} />
          <Text fw={600} data-testid="confirm-write-what">
            {what ?? describeWrite(request)}
          </Text>
          <Text size="sm" c="dimmed">
            “{project.name}” asks before every write. Nothing changes unless you confirm.
          </Text>
        </Stack>
      ),
      labels: { confirm: `Confirm on ${project.name}`, cancel: 'Cancel' },
      confirmProps: { color: project.tag === 'production' ? 'red' : undefined, 'data-autofocus': true },
      onConfirm: () => answer(project.name),
      onCancel: () => answer(null),
      onClose: () => answer(null),
    })
  })
