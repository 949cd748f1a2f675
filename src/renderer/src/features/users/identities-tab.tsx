import { personOf } from '@shared/user-fields'
import { Button, Code, Table } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconUnlink } from '@tabler/icons-react'
import type { UserIdentity } from '@shared/models/users'
import { dayText } from '@shared/clock'
import { call } from '../../api'
import { useLoad } from '../../use-load'
import { ConfirmTyped } from './confirm-typed'
import { Loaded, type TabProps } from './user-tabs'
import { announceDone } from './write-feedback'

/** The OAuth providers linked to a user; a broken link can be removed so the person can link again. */
export function IdentitiesTab({ project, user, readOnly, production, projectName }: TabProps) {
  const state = useLoad(
    () => call((a) => a.users.identities({ project, userId: user.id })),
    `${project}:${user.id}`,
  )
  const who = personOf(user)

  const unlink = (identity: UserIdentity) => {
    const account = identity.providerEmail || identity.providerUid
    const id = `unlink-${identity.id}`
    modals.open({
      modalId: id,
      title: `Unlink ${identity.provider} from ${who}?`,
      children: (
        <ConfirmTyped
          production={production}
          projectName={projectName}
          message={`${who} can no longer sign in with ${identity.provider} (${account}) until they link it again by signing in with it. This cannot be undone.`}
          action={`Unlink ${identity.provider}`}
          onCancel={() => modals.close(id)}
          onConfirm={async (confirm) => {
            await call((a) =>
              a.identities.unlink({
                project,
                userId: user.id,
                identityId: identity.id,
                ...(confirm ? { confirm } : {}),
              }),
            )
            modals.close(id)
            announceDone(
              `${identity.provider} unlinked`,
              'Recorded in Activity. The person must link it again.',
              { project, userId: user.id },
            )
            state.reload()
          }}
        />
      ),
    })
  }

  return (
    <Loaded state={state} what="OAuth identities" empty={(d) => d.length === 0}>
      {(identities) => (
        <Table striped fz="sm" aria-label="Identities">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Provider</Table.Th>
              <Table.Th>Provider email</Table.Th>
              <Table.Th>Provider user id</Table.Th>
              <Table.Th>Linked</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {identities.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.provider}</Table.Td>
                <Table.Td data-private>{i.providerEmail || '—'}</Table.Td>
                <Table.Td data-private>
                  <Code>{i.providerUid}</Code>
                </Table.Td>
                <Table.Td>{dayText(i.createdAt)}</Table.Td>
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    leftSection={<IconUnlink size={12} />}
                    disabled={readOnly}
                    onClick={() => unlink(i)}
                    aria-label={`Unlink ${i.provider}`}
                  >
                    Unlink
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Loaded>
  )
}
