import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import {
  Alert,
  Button,
  Divider,
  Group,
  JsonInput,
  PasswordInput,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core'
import { IconDeviceFloppy, IconKey } from '@tabler/icons-react'
import {
  NAME_MAX,
  PASSWORD_MAX,
  PASSWORD_MIN,
  PREFS_MAX_BYTES,
  emailProblem,
  labelsProblem,
  phoneProblem,
  prefsBytes,
} from '@shared/appwrite-limits'
import type { UserRecord } from '@shared/models'
import { fieldInWords, listInWords, verificationOf } from '@shared/user-fields'
import { dayText } from '@shared/clock'
import { call } from '../../api'
import { announceError, announceWrite } from './write-feedback'
import { PrefsFields } from './prefs-fields'
import { keepEdit, keptEdit } from './unsaved-edits'
import { BusyButton } from '../../components/busy-button'
import { formatCount } from '../../format-count'

interface Props {
  project: string
  user: UserRecord
  readOnly: boolean
  onChanged(user: UserRecord): void
}

type Flag = (typeof verificationOf)[keyof typeof verificationOf]

type Draft = Pick<
  UserRecord,
  'name' | 'email' | 'phone' | 'status' | 'emailVerification' | 'phoneVerification' | 'labels'
>

const draftOf = (u: UserRecord): Draft => ({
  name: u.name,
  email: u.email,
  phone: u.phone,
  status: u.status,
  emailVerification: u.emailVerification,
  phoneVerification: u.phoneVerification,
  labels: [...u.labels],
})

/**
 * Runs `restart` with the record shown until now when a newer one comes (saved here, undone from a
 * notification, changed by a job), before the browser paints, so a draft moves onto it in place.
 * Remounting the form for that, as a `key` would, takes focus away from the button that saved.
 */
function useOnNewRecord(user: UserRecord, restart: (before: UserRecord) => void) {
  const shown = useRef(user)
  useLayoutEffect(() => {
    if (shown.current.updatedAt === user.updatedAt) return
    const before = shown.current
    shown.current = user
    restart(before)
  })
}

/**
 * The flags Appwrite clears when the draft's email or phone is saved: a new address is unverified.
 * Its switch shows that, and turned on, it is a change of its own, saved after the address.
 */
function unverifiedBy(user: UserRecord, fields: Partial<Draft>): Partial<Draft> {
  const out: Partial<Draft> = {}
  for (const [address, flag] of Object.entries(verificationOf) as [keyof typeof verificationOf, Flag][])
    if (fields[address] !== undefined && fields[address] !== user[address]) out[flag] = false
  return out
}

type Changes = Partial<Omit<Draft, 'labels'>> & { addLabels?: string[]; removeLabels?: string[] }

/**
 * Only what differs goes to main, so the audit entry names exactly the fields that changed. Labels go
 * as additions and removals: main applies them to the user's labels as they are then, so a label
 * added elsewhere since this drawer opened survives the save.
 */
function changesOf(user: UserRecord, draft: Draft): Changes {
  const out: Changes = {}
  const saved = { ...draftOf(user), ...unverifiedBy(user, draft) }
  for (const key of Object.keys(draft) as (keyof Draft)[]) {
    if (key === 'labels') continue
    if (draft[key] !== saved[key]) (out as Record<string, unknown>)[key] = draft[key]
  }
  const added = draft.labels.filter((l) => !user.labels.includes(l))
  const removed = user.labels.filter((l) => !draft.labels.includes(l))
  if (added.length) out.addLabels = added
  if (removed.length) out.removeLabels = removed
  return out
}

/**
 * The user as shown with the person's changes on top. A newer record keeps every edit not yet saved:
 * a password set, a block or a job's change lands beside what is being typed, not over it.
 */
function withChanges(user: UserRecord, changes: Changes): Draft {
  const { addLabels = [], removeLabels = [], ...fields } = changes
  const draft = { ...draftOf(user), ...unverifiedBy(user, fields), ...fields }
  const labels = draft.labels.filter((l) => !removeLabels.includes(l))
  draft.labels = [...labels, ...addLabels.filter((l) => !labels.includes(l))]
  return draft
}

export function UserOverview({ project, user, readOnly, onChanged }: Props) {
  const [draft, setDraft] = useState<Draft>(() =>
    withChanges(user, keptEdit<Changes>('overview', project, user.id) ?? {}),
  )
  useOnNewRecord(user, (before) => setDraft(withChanges(user, changesOf(before, draft))))
  const [saving, setSaving] = useState(false)
  const [password, setPassword] = useState('')
  const [settingPassword, setSettingPassword] = useState(false)

  // The address's switch follows it: off for a new address, as the user's again for their own.
  const setAddress = (address: keyof typeof verificationOf, value: string) => {
    const flag = verificationOf[address]
    setDraft({ ...draft, [address]: value, [flag]: value === user[address] ? user[flag] : false })
  }
  const changes = useMemo(() => changesOf(user, draft), [user, draft])
  const unsaved = Object.keys(changes).length > 0
  useEffect(
    () => keepEdit('overview', project, user.id, unsaved ? changes : null),
    [project, user.id, unsaved, changes],
  )
  const problems = {
    name: draft.name.length > NAME_MAX ? `At most ${NAME_MAX} characters.` : null,
    email: draft.email && emailProblem(draft.email),
    phone: draft.phone && phoneProblem(draft.phone),
    labels: labelsProblem(draft.labels),
  }
  const valid = !Object.values(problems).some(Boolean)
  const passwordProblem =
    password && (password.length < PASSWORD_MIN || password.length > PASSWORD_MAX)
      ? `A password is ${PASSWORD_MIN}–${PASSWORD_MAX} characters.`
      : null

  const save = async () => {
    setSaving(true)
    try {
      // What a partial save could not write stays in the draft: the newer record keeps unsaved edits.
      const written = await call((a) => a.users.update({ project, userId: user.id, change: changes }))
      if (written.user) onChanged(written.user)
      const fields = new Set(Object.keys(changes).map((k) => (k.endsWith('Labels') ? 'labels' : k)))
      announceWrite(project, `Saved ${listInWords([...fields].map(fieldInWords))}`, written, onChanged)
    } catch (err) {
      announceError(project, 'Could not save', err)
    } finally {
      setSaving(false)
    }
  }

  const setUserPassword = async () => {
    setSettingPassword(true)
    try {
      const written = await call((a) => a.users.updatePassword({ project, userId: user.id, password }))
      if (written.user) onChanged(written.user)
      setPassword('')
      announceWrite(project, 'Password set', written)
    } catch (err) {
      announceError(project, 'Could not set the password', err)
    } finally {
      setSettingPassword(false)
    }
  }

  return (
    <Stack gap="md">
      {/* Enter in a field saves the changes, as in every form; Save refuses while there is nothing to save. */}
      <Stack
        component="form"
        gap="md"
        onSubmit={(e) => {
          e.preventDefault()
          if (!readOnly && valid && unsaved && !saving) void save()
        }}
      >
        <SimpleGrid cols={2}>
          <TextInput
            label="Name"
            data-private
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            error={problems.name}
            disabled={readOnly}
          />
          <TextInput
            label="Email"
            data-private
            value={draft.email}
            onChange={(e) => setAddress('email', e.currentTarget.value.trim())}
            error={problems.email}
            description={draft.email !== user.email ? 'Changing it marks the email unverified.' : undefined}
            disabled={readOnly}
          />
          <TextInput
            label="Phone"
            data-private
            placeholder="+14155550123"
            description={draft.phone !== user.phone ? 'Changing it marks the phone unverified.' : undefined}
            value={draft.phone}
            onChange={(e) => setAddress('phone', e.currentTarget.value.trim())}
            error={problems.phone}
            disabled={readOnly}
          />
          <TagsInput
            label="Labels"
            placeholder="Type a label, Enter to add"
            value={draft.labels}
            onChange={(labels) => setDraft({ ...draft, labels })}
            error={problems.labels}
            disabled={readOnly}
            clearable
          />
        </SimpleGrid>
        <Group gap="xl">
          <Switch
            label="Active (can sign in)"
            checked={draft.status}
            onChange={(e) => setDraft({ ...draft, status: e.currentTarget.checked })}
            disabled={readOnly}
            color="green"
          />
          <Switch
            label="Email verified"
            checked={draft.emailVerification}
            onChange={(e) => setDraft({ ...draft, emailVerification: e.currentTarget.checked })}
            disabled={readOnly || !draft.email}
          />
          <Switch
            label="Phone verified"
            checked={draft.phoneVerification}
            onChange={(e) => setDraft({ ...draft, phoneVerification: e.currentTarget.checked })}
            disabled={readOnly || !draft.phone}
          />
        </Group>
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Registered {dayText(user.registration)} · last access{' '}
            {user.accessedAt ? dayText(user.accessedAt) : 'never'}
          </Text>
          <Group gap="xs">
            <Button
              variant="default"
              disabled={Object.keys(changes).length === 0 || saving}
              onClick={() => setDraft(draftOf(user))}
            >
              Discard
            </Button>
            <BusyButton
              type="submit"
              leftSection={<IconDeviceFloppy size={16} />}
              disabled={readOnly || Object.keys(changes).length === 0 || !valid}
              busy={saving}
            >
              Save changes
            </BusyButton>
          </Group>
        </Group>
      </Stack>
      <Divider label="Password" labelPosition="left" />
      <Text size="sm" c="dimmed">
        {user.hash
          ? `Has a password (${user.hash}), last changed ${dayText(user.passwordUpdate)}.`
          : 'Has no password: signs in another way, or not at all.'}{' '}
        Setting a new one is recorded but cannot be undone.
      </Text>
      <Group
        component="form"
        align="flex-start"
        onSubmit={(e) => {
          e.preventDefault()
          if (!readOnly && password && !passwordProblem && !settingPassword) void setUserPassword()
        }}
      >
        <PasswordInput
          aria-label="New password"
          placeholder={`New password (${PASSWORD_MIN}+ characters)`}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={passwordProblem}
          disabled={readOnly}
          style={{ flex: 1 }}
          autoComplete="new-password"
        />
        <BusyButton
          type="submit"
          variant="light"
          leftSection={<IconKey size={16} />}
          disabled={readOnly || !password || Boolean(passwordProblem)}
          busy={settingPassword}
        >
          Set password
        </BusyButton>
      </Group>
    </Stack>
  )
}

export function UserPreferences({ project, user, readOnly, onChanged }: Props) {
  const initial = JSON.stringify(user.prefs, null, 2)
  const [text, setText] = useState(() => keptEdit<string>('prefs', project, user.id) ?? initial)
  // Text as it was loaded moves to the newer record; text the person has changed stays theirs.
  useOnNewRecord(user, (before) => {
    if (text === JSON.stringify(before.prefs, null, 2)) setText(initial)
  })
  const [saving, setSaving] = useState(false)
  const [view, setView] = useState<'fields' | 'json'>('fields')

  let parsed: Record<string, unknown> | null = null
  let problem: string | null = null
  try {
    const value: unknown = JSON.parse(text)
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      problem = 'Preferences are a JSON object: { "key": value, … }.'
    else parsed = value as Record<string, unknown>
  } catch (err) {
    problem = `Not valid JSON: ${(err as Error).message}`
  }
  const bytes = parsed ? prefsBytes(parsed) : new TextEncoder().encode(text).length
  if (!problem && bytes > PREFS_MAX_BYTES)
    problem = `${formatCount(bytes)} bytes; Appwrite keeps at most ${formatCount(PREFS_MAX_BYTES)}.`
  const share = Math.min(100, (bytes / PREFS_MAX_BYTES) * 100)
  const changed = parsed !== null && JSON.stringify(parsed) !== JSON.stringify(user.prefs)
  const unsaved = text !== initial && (parsed === null || changed)
  useEffect(
    () => keepEdit('prefs', project, user.id, unsaved ? text : null),
    [project, user.id, unsaved, text],
  )

  const save = async () => {
    if (!parsed) return
    setSaving(true)
    try {
      const written = await call((a) =>
        a.users.update({ project, userId: user.id, change: { prefs: parsed } }),
      )
      if (written.user) onChanged(written.user)
      announceWrite(project, 'Preferences saved', written, onChanged)
    } catch (err) {
      announceError(project, 'Could not save the preferences', err)
    } finally {
      setSaving(false)
    }
  }

  return (
    <Stack gap="sm">
      <SegmentedControl
        size="xs"
        w={220}
        value={view}
        onChange={(v) => setView(v === 'json' ? 'json' : 'fields')}
        data={[
          { value: 'fields', label: 'Keys and values' },
          { value: 'json', label: 'JSON' },
        ]}
        aria-label="Edit preferences as"
      />
      {view === 'fields' && parsed ? (
        <PrefsFields
          prefs={parsed}
          onChange={(next) => setText(JSON.stringify(next, null, 2))}
          disabled={readOnly}
        />
      ) : (
        <JsonInput
          aria-label="Preferences JSON"
          value={text}
          onChange={setText}
          autosize
          minRows={8}
          maxRows={22}
          error={problem ?? (view === 'fields' ? 'Fix the JSON to edit it as keys and values.' : null)}
          disabled={readOnly}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      )}
      {view === 'fields' && parsed && problem && (
        <Text size="sm" c="red">
          {problem}
        </Text>
      )}
      <Stack gap={4}>
        <Progress
          value={share}
          color={bytes > PREFS_MAX_BYTES ? 'red' : share > 80 ? 'orange' : 'blue'}
          size="sm"
        />
        <Text size="xs" c="dimmed">
          {formatCount(bytes)} of {formatCount(PREFS_MAX_BYTES)} bytes (64 kB) used
        </Text>
      </Stack>
      {!readOnly && (
        <Alert variant="light" color="gray">
          Saving replaces every preference with this object, as Appwrite does.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button
          variant="default"
          disabled={!changed}
          onClick={() => setText(JSON.stringify(user.prefs, null, 2))}
        >
          Discard
        </Button>
        <BusyButton
          leftSection={<IconDeviceFloppy size={16} />}
          disabled={readOnly || !changed || Boolean(problem)}
          busy={saving}
          onClick={() => void save()}
        >
          Save preferences
        </BusyButton>
      </Group>
    </Stack>
  )
}
