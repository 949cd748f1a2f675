import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Badge, Button, Center, Code, Group, Loader, Stack, Switch, Table, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconLogout, IconShieldOff } from '@tabler/icons-react'
import type { SessionView, UserRecord } from '@shared/models'
import { dayAndTime, dayText } from '@shared/clock'
import { capitalised, personOf } from '@shared/user-fields'
import { call } from '../../api'
import { useLoad, type LoadState } from '../../use-load'
import { ErrorAlert } from '../../components/error-alert'
import { announceDone, announceError, announceWrite } from './write-feedback'
import { ConfirmTyped } from './confirm-typed'
import { BusyButton } from '../../components/busy-button'
import { focusIsFree } from '../../components/screen-title'

export function Loaded<T>({
  state,
  what,
  empty,
  children,
}: {
  state: LoadState<T>
  what: string
  empty: (data: T) => boolean
  children: (data: T) => ReactNode
}) {
  if (state.error)
    return <ErrorAlert error={state.error} title={`Could not load ${what}`} onRetry={state.reload} />
  if (state.loading && !state.data)
    return (
      <Center py="lg">
        <Loader size="sm" />
      </Center>
    )
  if (!state.data) return null
  if (empty(state.data))
    return (
      <Text c="dimmed" ta="center" py="lg">
        No {what}.
      </Text>
    )
  return <>{children(state.data)}</>
}

export interface TabProps {
  project: string
  user: UserRecord
  readOnly: boolean
  production: boolean
  projectName: string
  onChanged(user: UserRecord): void
}

export function SessionsTab({ project, user, readOnly, projectName }: TabProps) {
  const state = useLoad(
    () => call((a) => a.sessions.list({ project, userId: user.id })),
    `${project}:${user.id}`,
  )
  const who = personOf(user)
  const tab = useRef<HTMLDivElement>(null)
  // Where the focus goes once the list has reloaded after an end: the row that took the ended one's
  // place (its End button), else the tab itself. The ended row's button, which had it, is gone. Focus
  // the person has put elsewhere meanwhile (a click on another field) stays there.
  const [refocus, setRefocus] = useState<number | null>(null)
  useEffect(() => {
    if (refocus === null || state.loading || !tab.current) return
    setRefocus(null)
    if (!focusIsFree() && !tab.current.contains(document.activeElement)) return
    const ends = tab.current.querySelectorAll<HTMLButtonElement>('button[data-session-end]')
    ;(ends[Math.min(refocus, ends.length - 1)] ?? tab.current).focus()
  }, [refocus, state.loading])
  // Ending a session cannot be undone (Appwrite cannot bring one back), so it is asked first, as the
  // Appwrite Console does; the answer is also the confirmation of a project that asks before writes.
  // Enter keeps the session: ending one takes a deliberate click or Tab, as discarding edits does.
  const askToKill = (session?: SessionView, index = 0) =>
    modals.openConfirmModal({
      title: session ? `End this session of ${who}?` : `End all sessions of ${who}?`,
      children: (
        <Text size="sm">
          {session
            ? `${sessionDevice(session)}, ends: that device is signed out of “${projectName}”.`
            : `Every device ${who} is signed in on is signed out of “${projectName}”.`}{' '}
          Appwrite cannot bring a session back; they can sign in again.
        </Text>
      ),
      labels: { confirm: session ? 'End session' : 'End all sessions', cancel: 'Cancel' },
      cancelProps: { 'data-autofocus': true },
      confirmProps: { color: 'red' },
      onConfirm: () => void kill(session?.id, index),
    })
  const kill = async (sessionId: string | undefined, index: number) => {
    try {
      const result = await call((a) =>
        a.sessions.kill({
          project,
          userId: user.id,
          confirm: projectName,
          ...(sessionId ? { sessionId } : {}),
        }),
      )
      announceDone(`Ended ${result.ended} session${result.ended === 1 ? '' : 's'}`, 'Recorded in Activity.', {
        project,
        userId: user.id,
      })
      state.reload()
      setRefocus(index)
    } catch (err) {
      announceError(project, 'Could not end the session', err)
    }
  }
  return (
    <div
      ref={tab}
      tabIndex={-1}
      role="group"
      aria-label={`Sessions of ${who}`}
      className="mantine-focus-auto"
    >
      <Loaded state={state} what="sessions" empty={(d) => d.length === 0}>
        {(sessions) => (
          <Stack gap="sm">
            <Group justify="space-between">
              <Text size="sm" c="dimmed">
                {sessions.length} active session{sessions.length === 1 ? '' : 's'}. Ending one signs that
                device out.
              </Text>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconLogout size={14} />}
                disabled={readOnly}
                onClick={() => askToKill()}
              >
                End all sessions
              </Button>
            </Group>
            <Table striped fz="sm" aria-label="Sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Client</Table.Th>
                  <Table.Th>IP</Table.Th>
                  <Table.Th>Country</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((s, i) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      {s.deviceName ? capitalised(s.deviceName) : '—'}{' '}
                      {s.osName && (
                        <Text span c="dimmed" size="xs">
                          ({s.osName})
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{s.clientName || s.provider}</Table.Td>
                    <Table.Td>
                      <Code>{s.ip || '—'}</Code>
                    </Table.Td>
                    <Table.Td>{s.countryName || '—'}</Table.Td>
                    <Table.Td>{dayAndTime(s.createdAt)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        disabled={readOnly}
                        onClick={() => askToKill(s, i)}
                        aria-label={`End session: ${sessionDevice(s)}`}
                        data-session-end
                      >
                        End
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <Text size="xs" c="dimmed">
              Appwrite marks no session as "current" when read with an API key: none of these is yours.
            </Text>
          </Stack>
        )}
      </Loaded>
    </div>
  )
}

/** A session as a person recognises it: "The Chrome on Mac session from 203.0.113.7, started …". */
function sessionDevice(s: SessionView): string {
  const what = [s.clientName || (s.deviceName && capitalised(s.deviceName)), s.osName]
    .filter(Boolean)
    .join(' on ')
  const from = s.ip ? ` from ${s.ip}` : ''
  return `${what ? `The ${what} session` : 'The session'}${from}, started ${dayAndTime(s.createdAt)}`
}

export function LogsTab({ project, user }: TabProps) {
  const state = useLoad(
    () => call((a) => a.users.logs({ project, userId: user.id, limit: 50 })),
    `${project}:${user.id}`,
  )
  return (
    <Loaded state={state} what="log entries" empty={(d) => d.logs.length === 0}>
      {(d) => (
        <Table striped fz="sm" aria-label="Logs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Event</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>Client</Table.Th>
              <Table.Th>IP</Table.Th>
              <Table.Th>Country</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.logs.map((l, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  <Code>{l.event}</Code>
                </Table.Td>
                <Table.Td>{dayAndTime(l.time)}</Table.Td>
                <Table.Td>
                  {l.clientName || '—'}{' '}
                  {l.osName && (
                    <Text span c="dimmed" size="xs">
                      ({l.osName})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{l.ip || '—'}</Code>
                </Table.Td>
                <Table.Td>{l.countryName || '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Loaded>
  )
}

export function MembershipsTab({ project, user }: TabProps) {
  const state = useLoad(
    () => call((a) => a.users.memberships({ project, userId: user.id })),
    `${project}:${user.id}`,
  )
  return (
    <Loaded state={state} what="team memberships" empty={(d) => d.length === 0}>
      {(memberships) => (
        <Table striped fz="sm" aria-label="Memberships">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Team</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Joined</Table.Th>
              <Table.Th>Confirmed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {memberships.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>
                  {m.teamName || m.teamId}{' '}
                  <Text span c="dimmed" size="xs">
                    {m.teamId}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {m.roles.map((r) => (
                      <Badge key={r} size="xs" variant="outline">
                        {r}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>{dayText(m.joined)}</Table.Td>
                <Table.Td>{m.confirm ? 'Yes' : 'Invited'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Loaded>
  )
}

export function MfaTab({ project, user, readOnly, production, projectName, onChanged }: TabProps) {
  const state = useLoad(
    () => call((a) => a.users.mfa({ project, userId: user.id })),
    `${project}:${user.id}:${user.mfa}`,
  )
  const [codes, setCodes] = useState<string[] | null>(null)
  const [busy, setBusy] = useState(false)

  const toggle = async (mfa: boolean) => {
    try {
      const written = await call((a) => a.users.update({ project, userId: user.id, change: { mfa } }))
      if (written.user) onChanged(written.user)
      announceWrite(project, mfa ? 'MFA required at sign-in' : 'MFA no longer required', written, onChanged)
    } catch (err) {
      announceError(project, 'Could not change MFA', err)
    }
  }
  const recovery = async (action: 'view' | 'generate' | 'regenerate') => {
    setBusy(true)
    try {
      const result = await call((a) => a.users.mfaRecoveryCodes({ project, userId: user.id, action }))
      setCodes(result.recoveryCodes)
      if (action !== 'view') state.reload()
    } catch (err) {
      announceError(project, 'Recovery codes', err)
    } finally {
      setBusy(false)
    }
  }
  const removeAuthenticator = () => {
    const id = modals.open({
      title: 'Remove the authenticator app?',
      children: (
        <ConfirmTyped
          production={production}
          projectName={projectName}
          message={`${personOf(user)} will have to set up their authenticator app again. This cannot be undone.`}
          action="Remove authenticator"
          onCancel={() => modals.close(id)}
          onConfirm={async (confirm) => {
            const written = await call((a) =>
              a.users.mfaRemoveAuthenticator({ project, userId: user.id, ...(confirm ? { confirm } : {}) }),
            )
            modals.close(id)
            if (written.user) onChanged(written.user)
            announceWrite(project, 'Authenticator removed', written)
            state.reload()
          }}
        />
      ),
    })
  }

  return (
    <Loaded state={state} what="MFA factors" empty={() => false}>
      {(mfa) => (
        <Stack gap="md">
          <Switch
            label="Require a second factor at sign-in"
            checked={user.mfa}
            disabled={readOnly}
            onChange={(e) => void toggle(e.currentTarget.checked)}
          />
          <Group gap="xs">
            {(
              [
                ['totp', 'Authenticator app'],
                ['email', 'Email code'],
                ['phone', 'SMS code'],
                ['recoveryCode', 'Recovery codes'],
              ] as const
            ).map(([key, label]) => (
              <Badge
                key={key}
                variant={mfa.factors[key] ? 'filled' : 'outline'}
                color={mfa.factors[key] ? 'blue' : 'gray'}
              >
                {label}: {mfa.factors[key] ? 'set up' : 'no'}
              </Badge>
            ))}
          </Group>
          <Group gap="xs">
            {mfa.factors.recoveryCode && (
              <BusyButton size="xs" variant="default" busy={busy} onClick={() => void recovery('view')}>
                Show recovery codes
              </BusyButton>
            )}
            {!mfa.factors.recoveryCode ? (
              <BusyButton
                size="xs"
                variant="light"
                disabled={readOnly}
                busy={busy}
                onClick={() => void recovery('generate')}
              >
                Create recovery codes
              </BusyButton>
            ) : (
              <BusyButton
                size="xs"
                variant="light"
                disabled={readOnly}
                busy={busy}
                onClick={() => void recovery('regenerate')}
              >
                Replace recovery codes
              </BusyButton>
            )}
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconShieldOff size={14} />}
              disabled={readOnly || !mfa.factors.totp}
              onClick={removeAuthenticator}
            >
              Remove authenticator
            </Button>
          </Group>
          {codes && (
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Recovery codes (each works once; share them only with the verified account owner):
              </Text>
              <Code block>{codes.join('\n')}</Code>
            </Stack>
          )}
        </Stack>
      )}
    </Loaded>
  )
}
