import { useEffect, useRef, useState } from 'react'
import {
  Alert,
  Anchor,
  Button,
  PasswordInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core'
import { PASSWORD_MIN, emailProblem, phoneProblem, userIdProblem } from '@shared/appwrite-limits'
import type { PasswordHashInput } from '@shared/contract/users'
import { hashTypeLabels } from '@shared/models/import'
import type { UserRecord } from '@shared/models'
import { call, errorOf } from '../../api'
import { announceDone } from './write-feedback'
import { BusyButton } from '../../components/busy-button'
import { DialogActions } from '../../components/dialog-actions'

type Kind = 'none' | 'plain' | 'hash'
const simpleHashes = ['argon2', 'bcrypt', 'md5', 'phpass', 'sha'] as const

/** A new user, with a password typed here or a hash carried over from another system. */
export function CreateUser({
  project,
  onCreated,
  onOpenUser,
  onCancel,
  onTyped,
}: {
  project: string
  /** Whether anything has been typed: the dialog asks before that is discarded. */
  onTyped: (typed: boolean) => void
  onCreated: (user: UserRecord) => void
  /** Opens the user who already has the email, phone or id typed. */
  onOpenUser: (userId: string) => void
  onCancel: () => void
}) {
  // Where this form arrives after its dialog has put the focus on its close button (the first time,
  // while the form's code loads), the Name field takes it, as it does every time after from the
  // dialog's data-autofocus. Focus still outside the dialog is the dialog's to move, and to give back.
  const nameRef = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const dialog = nameRef.current?.closest('[role=dialog]')
    if (dialog?.contains(document.activeElement)) nameRef.current?.focus()
  }, [])
  const [userId, setUserId] = useState('')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [phone, setPhone] = useState('')
  const [kind, setKind] = useState<Kind>('plain')
  const [password, setPassword] = useState('')
  const [hashType, setHashType] = useState<(typeof simpleHashes)[number]>('bcrypt')
  const [hash, setHash] = useState('')
  const [busy, setBusy] = useState(false)
  const typed = Boolean(name || email || phone || userId || password || hash)
  useEffect(() => {
    onTyped(typed)
  }, [onTyped, typed])
  // What the host refused; a refusal that names one of the form's fields is shown on that field.
  const [failure, setFailure] = useState<{ field: string | null; message: string; holder?: string } | null>(
    null,
  )
  // A value someone has is said with a way to them: support usually wants to see that account.
  const refused = (field: string) =>
    failure?.field !== field ? null : failure.holder ? (
      <>
        {failure.message}{' '}
        <Anchor component="button" type="button" size="xs" onClick={() => onOpenUser(failure.holder!)}>
          Open that user
        </Anchor>
      </>
    ) : (
      failure.message
    )
  const onField = (field: string, setValue: (value: string) => void) => (value: string) => {
    setValue(value)
    if (failure?.field === field) setFailure(null)
  }

  const problems = {
    userId: userId && userIdProblem(userId),
    email: email && emailProblem(email),
    phone: phone && phoneProblem(phone),
    password:
      kind === 'plain' && password && password.length < PASSWORD_MIN
        ? `At least ${PASSWORD_MIN} characters.`
        : null,
    hash: kind === 'hash' && !email ? 'A user created from a hash needs an email.' : null,
  }
  // What still keeps "Create user" disabled, in the order a person fills the form.
  const missing = Object.values(problems).some(Boolean)
    ? 'Correct the field marked in red.'
    : !(email || phone || name)
      ? 'Give at least an email, a phone or a name.'
      : kind === 'plain' && password.length < PASSWORD_MIN
        ? `Type a password of at least ${PASSWORD_MIN} characters, or choose no password.`
        : kind === 'hash' && !hash
          ? 'Paste the hash.'
          : null
  const ready = missing === null

  const create = async () => {
    setBusy(true)
    setFailure(null)
    try {
      const passwordHash: PasswordHashInput | undefined =
        kind === 'hash' ? { type: hashType, hash } : undefined
      const written = await call((a) =>
        a.users.create({
          project,
          ...(userId ? { userId } : {}),
          ...(name ? { name } : {}),
          ...(email ? { email } : {}),
          ...(phone ? { phone } : {}),
          ...(kind === 'plain' ? { password } : {}),
          ...(passwordHash ? { passwordHash } : {}),
        }),
      )
      announceDone(`Created ${name || email || phone}`, 'Recorded in Activity.')
      onCreated(written.user!)
    } catch (err) {
      const error = errorOf(err)
      setFailure({
        field: error.field ?? null,
        message: error.message,
        ...(error.holder ? { holder: error.holder } : {}),
      })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack
      component="form"
      gap="sm"
      // Enter in any field creates the user, as in every form; the button refuses while not ready.
      onSubmit={(e) => {
        e.preventDefault()
        if (ready && !busy) void create()
      }}
    >
      <TextInput
        ref={nameRef}
        label="Name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
        data-autofocus
      />
      <TextInput
        label="Email"
        value={email}
        onChange={(e) => onField('email', setEmail)(e.currentTarget.value.trim())}
        error={problems.email || problems.hash || refused('email')}
      />
      <TextInput
        label="Phone"
        placeholder="+14155550123"
        value={phone}
        onChange={(e) => onField('phone', setPhone)(e.currentTarget.value.trim())}
        error={problems.phone || refused('phone')}
      />
      <TextInput
        label="User id"
        placeholder="Leave empty for a generated id"
        value={userId}
        onChange={(e) => onField('userId', setUserId)(e.currentTarget.value.trim())}
        error={problems.userId || refused('userId')}
      />
      <SegmentedControl
        value={kind}
        onChange={(v) => setKind(v as Kind)}
        data={[
          { value: 'plain', label: 'Password' },
          { value: 'hash', label: 'Password hash' },
          { value: 'none', label: 'No password' },
        ]}
      />
      {kind === 'plain' && (
        <PasswordInput
          label="Password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={problems.password}
          autoComplete="new-password"
        />
      )}
      {kind === 'hash' && (
        <>
          <Select
            label="Hash algorithm"
            data={simpleHashes.map((h) => ({ value: h, label: h === 'sha' ? 'SHA-256' : hashTypeLabels[h] }))}
            value={hashType}
            onChange={(v) => v && setHashType(v as (typeof simpleHashes)[number])}
            allowDeselect={false}
          />
          <Textarea
            label="Hash"
            description="As the other system stored it, e.g. $2y$10$…; the user signs in with their old password. For scrypt, use the import screen or the CLI."
            value={hash}
            onChange={(e) => setHash(e.currentTarget.value.trim())}
            autosize
            minRows={2}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        </>
      )}
      {failure && !['email', 'phone', 'userId'].includes(failure.field ?? '') && (
        <Alert color="red" variant="light">
          {failure.message}
        </Alert>
      )}
      {missing && (
        <Text id="create-user-why" size="xs" c="dimmed" ta="right">
          {missing}
        </Text>
      )}
      <DialogActions>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <BusyButton
          type="submit"
          disabled={!ready}
          busy={busy}
          aria-describedby={missing ? 'create-user-why' : undefined}
        >
          Create user
        </BusyButton>
      </DialogActions>
    </Stack>
  )
}
