import { useState } from 'react'
import { Badge, Button, Code, Group, Select, Stack, Table, Text, TextInput } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { ID_PATTERN, NAME_MAX } from '@shared/appwrite-limits'
import { targetIdentifierProblem } from '@shared/contract/access'
import type { UserTarget } from '@shared/models'
import { targetProviderTypes, type TargetProviderType, type TargetWrite } from '@shared/models/access'
import { call } from '../../api'
import { ConfirmTyped } from './confirm-typed'
import type { TabProps } from './user-tabs'
import { useSubmit } from './use-submit'
import { announceWrite } from './write-feedback'
import { BusyButton } from '../../components/busy-button'

const TYPE_LABEL: Record<TargetProviderType, string> = { email: 'Email', sms: 'SMS', push: 'Push' }
const PLACEHOLDER: Record<TargetProviderType, string> = {
  email: 'ada@example.com',
  sms: '+14155550123',
  push: 'the device token from FCM or APNs',
}

/** What goes with a target, said before it goes. */
function whatIsLost(t: UserTarget): string {
  const subscriptions = 'Its topic subscriptions go with it, and messages stop reaching it.'
  if (t.providerType === 'push')
    return `The push token for this device is gone: it gets nothing until the app registers it again. ${subscriptions}`
  return `${t.identifier} can be added again, but under a new target: ${subscriptions.toLowerCase()}`
}

const providerIdProblem = (v: string) =>
  v === '' || ID_PATTERN.test(v) ? null : 'An id is 1–36 characters of a-z, A-Z, 0-9, ".", "-", "_".'

interface TargetFormValues {
  providerType: TargetProviderType
  identifier: string
  name: string
  providerId: string
}

/** Add or edit: the identifier is checked as Appwrite checks it for the type, as you type. */
function TargetForm({
  initial,
  editing,
  onSubmit,
  onCancel,
}: {
  initial: TargetFormValues
  editing: boolean
  onSubmit: (values: TargetFormValues) => Promise<void>
  onCancel: () => void
}) {
  const [values, setValues] = useState(initial)
  const [touched, setTouched] = useState(false)
  const { busy, error, run } = useSubmit(onSubmit)
  const identifierProblem = targetIdentifierProblem(values.providerType, values.identifier.trim())
  const nameProblem = values.name.length > NAME_MAX ? `A name is at most ${NAME_MAX} characters.` : null
  const idProblem = providerIdProblem(values.providerId.trim())
  const set = (patch: Partial<TargetFormValues>) => setValues((v) => ({ ...v, ...patch }))
  const submit = async () => {
    setTouched(true)
    if (identifierProblem || nameProblem || idProblem) return
    await run({ ...values, identifier: values.identifier.trim(), providerId: values.providerId.trim() })
  }
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <Stack gap="sm">
        <Select
          label="Type"
          data={targetProviderTypes.map((t) => ({ value: t, label: TYPE_LABEL[t] }))}
          value={values.providerType}
          onChange={(v) => v && set({ providerType: v as TargetProviderType })}
          disabled={editing}
          description={editing ? "A target's type cannot change." : undefined}
          allowDeselect={false}
        />
        <TextInput
          label="Identifier"
          placeholder={PLACEHOLDER[values.providerType]}
          value={values.identifier}
          onChange={(e) => set({ identifier: e.currentTarget.value })}
          onBlur={() => setTouched(true)}
          error={touched ? identifierProblem : null}
          data-autofocus
        />
        <TextInput
          label="Name"
          placeholder="e.g. Work phone"
          value={values.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={nameProblem}
        />
        <TextInput
          label="Provider id"
          description="Optional: send through this provider instead of the project's first one of this type."
          value={values.providerId}
          onChange={(e) => set({ providerId: e.currentTarget.value })}
          error={idProblem}
        />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <BusyButton type="submit" busy={busy}>
            {editing ? 'Save target' : 'Add target'}
          </BusyButton>
        </Group>
      </Stack>
    </form>
  )
}

/** A user's messaging targets: add, edit (undoable) and remove (final, said so first). */
export function TargetsTab({ project, user, readOnly, production, projectName, onChanged }: TabProps) {
  /** The write's answer, then the user read back so the list shows it, with Undo on the notice. */
  const written = async (what: string, write: TargetWrite) => {
    const fresh = await call((a) => a.users.get({ project, userId: user.id }))
    onChanged(fresh)
    announceWrite(project, what, { user: fresh, entryId: write.entryId, undoable: write.undoable }, onChanged)
  }

  const add = () => {
    const id = 'target-add'
    modals.open({
      modalId: id,
      title: 'Add a messaging target',
      children: (
        <TargetForm
          editing={false}
          initial={{ providerType: 'email', identifier: '', name: '', providerId: '' }}
          onCancel={() => modals.close(id)}
          onSubmit={async (v) => {
            const write = await call((a) =>
              a.targets.create({
                project,
                userId: user.id,
                providerType: v.providerType,
                identifier: v.identifier,
                ...(v.name ? { name: v.name } : {}),
                ...(v.providerId ? { providerId: v.providerId } : {}),
              }),
            )
            modals.close(id)
            await written(
              `Added ${v.providerType === 'push' ? 'a' : 'an'} ${TYPE_LABEL[v.providerType]} target`,
              write,
            )
          }}
        />
      ),
    })
  }

  const edit = (t: UserTarget) => {
    const id = `target-edit-${t.id}`
    modals.open({
      modalId: id,
      title: `Edit ${TYPE_LABEL[t.providerType as TargetProviderType] ?? t.providerType} target`,
      children: (
        <TargetForm
          editing
          initial={{
            providerType: t.providerType as TargetProviderType,
            identifier: t.identifier,
            name: t.name,
            providerId: t.providerId ?? '',
          }}
          onCancel={() => modals.close(id)}
          onSubmit={async (v) => {
            const change = {
              ...(v.identifier !== t.identifier ? { identifier: v.identifier } : {}),
              ...(v.name !== t.name && v.name !== '' ? { name: v.name } : {}),
              ...(v.providerId !== (t.providerId ?? '') && v.providerId !== ''
                ? { providerId: v.providerId }
                : {}),
            }
            if (Object.keys(change).length === 0) {
              modals.close(id)
              return
            }
            const write = await call((a) =>
              a.targets.update({ project, userId: user.id, targetId: t.id, ...change }),
            )
            modals.close(id)
            await written('Saved the target', write)
          }}
        />
      ),
    })
  }

  const remove = (t: UserTarget) => {
    const id = `target-remove-${t.id}`
    modals.open({
      modalId: id,
      title: `Remove ${t.identifier}?`,
      children: (
        <ConfirmTyped
          production={production}
          projectName={projectName}
          message={`${whatIsLost(t)} This cannot be undone.`}
          action="Remove target"
          onCancel={() => modals.close(id)}
          onConfirm={async (confirm) => {
            const write = await call((a) =>
              a.targets.remove({ project, userId: user.id, targetId: t.id, ...(confirm ? { confirm } : {}) }),
            )
            modals.close(id)
            await written('Removed the target', write)
          }}
        />
      ),
    })
  }

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Where Appwrite Messaging reaches {user.name || 'this user'}. The email and phone targets follow the
          user&apos;s own email and phone.
        </Text>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          disabled={readOnly}
          onClick={add}
        >
          Add target
        </Button>
      </Group>
      {user.targets.length === 0 ? (
        <Text c="dimmed" ta="center" py="lg">
          No messaging targets.
        </Text>
      ) : (
        <Table striped fz="sm" aria-label="Targets">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Type</Table.Th>
              <Table.Th>Identifier</Table.Th>
              <Table.Th>Name</Table.Th>
              <Table.Th>Provider</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {user.targets.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Group gap={4}>
                    <Badge size="sm" variant="light">
                      {t.providerType}
                    </Badge>
                    {t.expired && (
                      <Badge size="sm" color="orange" variant="light">
                        expired
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-all' }} data-private>
                  {t.identifier}
                </Table.Td>
                <Table.Td>{t.name || '—'}</Table.Td>
                <Table.Td>
                  {t.providerId ? (
                    <Code>{t.providerId}</Code>
                  ) : (
                    <Text c="dimmed" size="sm">
                      default
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap" justify="flex-end">
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      leftSection={<IconPencil size={12} />}
                      disabled={readOnly}
                      onClick={() => edit(t)}
                      aria-label={`Edit ${t.identifier}`}
                    >
                      Edit
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={12} />}
                      disabled={readOnly}
                      onClick={() => remove(t)}
                      aria-label={`Remove ${t.identifier}`}
                    >
                      Remove
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
