import { personOf } from '@shared/user-fields'
import { useState } from 'react'
import { Button, Card, Code, Group, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import { modals } from '@mantine/modals'
import { IconKey, IconLink, IconTicket, IconUserShield } from '@tabler/icons-react'
import { JWT_DURATION, TOKEN_LENGTH, signInLinkProblem } from '@shared/contract/access'
import type { SignInSecret } from '@shared/models/access'
import { lacking } from '@shared/appwrite-versions'
import { call } from '../../api'
import { useLoad } from '../../use-load'
import { useProjects } from '../projects/projects-store'
import { ConfirmTyped } from './confirm-typed'
import { SecretDialog } from './secret-dialog'
import { useSubmit } from './use-submit'
import type { TabProps } from './user-tabs'
import { announceError, announceWrite } from './write-feedback'
import { BusyButton } from '../../components/busy-button'

const TOKEN_EXPIRY = [
  { value: '900', label: '15 minutes' },
  { value: '3600', label: '1 hour' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
]
const JWT_EXPIRY = [
  { value: '60', label: '1 minute' },
  { value: '300', label: '5 minutes' },
  { value: String(JWT_DURATION.default), label: '15 minutes' },
  { value: String(JWT_DURATION.max), label: '1 hour' },
]

/**
 * Getting someone back in, or seeing what they see: the impersonator flag, a one-time token (with the
 * project's sign-in link), a server session and a JWT. Each credential is shown once in SecretDialog;
 * the tab keeps it in state only while the dialog is open.
 */
export function SignInTab({ project, user, readOnly, production, projectName, onChanged }: TabProps) {
  const [made, setMade] = useState<SignInSecret | null>(null)
  const [length, setLength] = useState<number>(TOKEN_LENGTH.default)
  const [expire, setExpire] = useState('900')
  const [jwtSession, setJwtSession] = useState('')
  const [jwtDuration, setJwtDuration] = useState(String(JWT_DURATION.default))
  const [busy, setBusy] = useState<string | null>(null)
  const template = useLoad(() => call((a) => a.signIn.linkTemplate({ project })), project)
  const sessions = useLoad(
    () => call((a) => a.sessions.list({ project, userId: user.id })),
    `${project}:${user.id}`,
  )
  const who = personOf(user)
  const server = useProjects((s) => s.projects.find((p) => p.id === project)?.server ?? null)
  const noImpersonation = server ? lacking(server, 'impersonator') : null

  /** On production the project's name is typed first (main checks it again); elsewhere it just runs. */
  const confirmed = (title: string, run: (confirm: string | undefined) => Promise<SignInSecret>) => {
    const finish = (result: SignInSecret) => {
      setMade(result)
      if (result.kind === 'session') sessions.reload()
    }
    if (!production) {
      setBusy(title)
      run(undefined)
        .then(finish, (err: unknown) =>
          announceError(project, `Could not create the ${title.toLowerCase()}`, err),
        )
        .finally(() => setBusy(null))
      return
    }
    const id = `confirm-${title}`
    modals.open({
      modalId: id,
      title: `Create a ${title.toLowerCase()} for ${who}?`,
      children: (
        <ConfirmTyped
          production
          projectName={projectName}
          message={`Anyone holding it can act as ${who} in "${projectName}" until it expires.`}
          action={`Create ${title.toLowerCase()}`}
          onCancel={() => modals.close(id)}
          onConfirm={async (confirm) => {
            const result = await run(confirm)
            modals.close(id)
            finish(result)
          }}
        />
      ),
    })
  }

  const confirmOf = (c: string | undefined) => (c ? { confirm: c } : {})

  const toggleImpersonator = async (impersonator: boolean) => {
    try {
      const written = await call((a) =>
        a.users.update({ project, userId: user.id, change: { impersonator } }),
      )
      if (written.user) onChanged(written.user)
      announceWrite(
        project,
        impersonator ? `${who} may impersonate users` : `${who} may no longer impersonate users`,
        written,
        onChanged,
      )
    } catch (err) {
      announceError(project, 'Could not change the impersonator flag', err)
    }
  }

  const editTemplate = () => {
    const id = 'sign-in-link-template'
    modals.open({
      modalId: id,
      title: 'Sign-in link template',
      children: (
        <TemplateForm
          initial={template.data?.template ?? ''}
          onCancel={() => modals.close(id)}
          onSave={async (value) => {
            await call((a) => a.signIn.setLinkTemplate({ project, template: value }))
            modals.close(id)
            template.reload()
          }}
        />
      ),
    })
  }

  const linkTemplate = template.data?.template ?? null

  return (
    <Stack gap="md">
      <Card withBorder padding="sm">
        <Group justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <IconUserShield size={18} />
            <Stack gap={0}>
              <Text fw={500} size="sm">
                Impersonator
              </Text>
              <Text size="xs" c={noImpersonation ? 'orange' : 'dimmed'}>
                {noImpersonation ??
                  "May browse this project's users and act as any of them. Appwrite's own logs still name the impersonator."}
              </Text>
            </Stack>
          </Group>
          <Switch
            aria-label="May impersonate other users"
            checked={user.impersonator}
            disabled={readOnly || Boolean(noImpersonation)}
            onChange={(e) => void toggleImpersonator(e.currentTarget.checked)}
          />
        </Group>
      </Card>

      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Group gap="xs">
            <IconTicket size={18} />
            <Text fw={500} size="sm">
              One-time sign-in token
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            For a custom or magic-link flow: the app exchanges the user id and this secret for a session,
            once.
          </Text>
          <Group align="flex-end" gap="xs">
            <NumberInput
              label="Length"
              w={100}
              size="xs"
              min={TOKEN_LENGTH.min}
              max={TOKEN_LENGTH.max}
              clampBehavior="strict"
              allowDecimal={false}
              value={length}
              onChange={(v) => setLength(typeof v === 'number' ? v : TOKEN_LENGTH.default)}
            />
            <Select
              label="Expires after"
              w={140}
              size="xs"
              data={TOKEN_EXPIRY}
              value={expire}
              onChange={(v) => v && setExpire(v)}
              allowDeselect={false}
            />
            <BusyButton
              size="xs"
              leftSection={<IconKey size={14} />}
              disabled={readOnly}
              busy={busy === 'Token'}
              onClick={() =>
                confirmed('Token', (c) =>
                  call((a) =>
                    a.signIn.createToken({
                      project,
                      userId: user.id,
                      length,
                      expire: Number(expire),
                      ...confirmOf(c),
                    }),
                  ),
                )
              }
            >
              Create token
            </BusyButton>
          </Group>
          <Group gap="xs" wrap="nowrap" justify="space-between">
            <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
              <IconLink size={14} />
              {linkTemplate ? (
                <Code
                  style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}
                  aria-label="Sign-in link template"
                >
                  {linkTemplate}
                </Code>
              ) : (
                <Text size="xs" c="dimmed">
                  No sign-in link template: set one to get a link to send with each token.
                </Text>
              )}
            </Group>
            <Button size="compact-xs" variant="subtle" onClick={editTemplate}>
              {linkTemplate ? 'Edit link' : 'Set link template'}
            </Button>
          </Group>
        </Stack>
      </Card>

      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Group gap="xs">
            <IconKey size={18} />
            <Text fw={500} size="sm">
              Debug as this user
            </Text>
          </Group>
          <Text size="xs" c="dimmed">
            A server session or a JWT, to see the project&apos;s own app as {who} sees it. Ending the session
            (Sessions tab) ends both.
          </Text>
          <Group align="flex-end" gap="xs">
            <BusyButton
              size="xs"
              variant="light"
              disabled={readOnly}
              busy={busy === 'Session'}
              onClick={() =>
                confirmed('Session', (c) =>
                  call((a) => a.signIn.createSession({ project, userId: user.id, ...confirmOf(c) })),
                )
              }
            >
              Create session
            </BusyButton>
            <Select
              label="JWT for session"
              w={220}
              size="xs"
              data={[
                { value: '', label: 'None' },
                { value: 'recent', label: 'The most recent' },
                ...(sessions.data ?? []).map((s) => ({
                  value: s.id,
                  label: `${s.clientName || s.provider} · ${s.id}`,
                })),
              ]}
              value={jwtSession}
              onChange={(v) => setJwtSession(v ?? '')}
              allowDeselect={false}
            />
            <Select
              label="Valid for"
              w={120}
              size="xs"
              data={JWT_EXPIRY}
              value={jwtDuration}
              onChange={(v) => v && setJwtDuration(v)}
              allowDeselect={false}
            />
            <BusyButton
              size="xs"
              variant="light"
              disabled={readOnly}
              busy={busy === 'JWT'}
              onClick={() =>
                confirmed('JWT', (c) =>
                  call((a) =>
                    a.signIn.createJwt({
                      project,
                      userId: user.id,
                      duration: Number(jwtDuration),
                      ...(jwtSession ? { sessionId: jwtSession } : {}),
                      ...confirmOf(c),
                    }),
                  ),
                )
              }
            >
              Create JWT
            </BusyButton>
          </Group>
        </Stack>
      </Card>

      <SecretDialog made={made} onClose={() => setMade(null)} />
    </Stack>
  )
}

function TemplateForm({
  initial,
  onSave,
  onCancel,
}: {
  initial: string
  onSave: (template: string | null) => Promise<void>
  onCancel: () => void
}) {
  const [value, setValue] = useState(initial)
  const { busy, error, run: save } = useSubmit(onSave)
  const problem = value.trim() === '' ? null : signInLinkProblem(value.trim())
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        if (!problem && value.trim()) void save(value.trim())
      }}
    >
      <Stack gap="sm">
        <Text size="sm">
          The address of your app&apos;s sign-in page, with <Code>{'{userId}'}</Code> and{' '}
          <Code>{'{secret}'}</Code> where the token goes. It is kept with this project in Userdeck and holds
          no secret.
        </Text>
        <TextInput
          label="Template"
          placeholder="https://app.example.com/login?userId={userId}&secret={secret}"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={problem ?? error}
          data-autofocus
        />
        <Group justify="space-between">
          <Button variant="subtle" color="red" disabled={!initial} onClick={() => void save(null)}>
            Remove template
          </Button>
          <Group gap="xs">
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
            <BusyButton type="submit" busy={busy} disabled={!!problem || !value.trim()}>
              Save template
            </BusyButton>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
