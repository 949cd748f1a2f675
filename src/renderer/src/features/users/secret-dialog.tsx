import { useCallback, useState } from 'react'
import { Alert, Button, Code, Group, Modal, Stack, Text } from '@mantine/core'
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react'
import type { SignInSecret } from '@shared/models/access'
import { exactTime } from '@shared/clock'
import { useEscapeCloses } from '../../components/use-escape-closes'
import { confirmDiscard } from '../../components/confirm-discard'
import { CopyRefused, useCopy } from '../../components/use-copy'

const KIND: Record<SignInSecret['kind'], { title: string; what: string }> = {
  token: {
    title: 'One-time sign-in token',
    what: 'Send it (or the link) to the person; the app exchanges it for a session once.',
  },
  session: {
    title: 'Session secret',
    what: "Set it as the project's session cookie (or X-Fallback-Cookies) to act as this user in the app.",
  },
  jwt: {
    title: 'JWT',
    what: 'Pass it as X-Appwrite-JWT (client.setJWT) to call Appwrite as this user.',
  },
}

/** `onCopied` is told once the value is on the clipboard, by Copy or by hand (`useCopy`). */
function Copyable({ label, value, onCopied }: { label: string; value: string; onCopied: () => void }) {
  const what = label.toLowerCase()
  const { copied, refused, copy, shown, onCopy } = useCopy<HTMLPreElement>(value, { onCopied })
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          color={copied ? 'teal' : undefined}
          leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
          onClick={copy}
        >
          {copied ? 'Copied' : `Copy ${what}`}
        </Button>
      </Group>
      {/* data-private: privacy mode blurs it for screen sharing; Copy still works. */}
      <Code
        ref={shown}
        block
        style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}
        onCopy={onCopy}
        data-secret
        data-private
      >
        {value}
      </Code>
      {refused && <CopyRefused what={what} />}
    </Stack>
  )
}

const SECRET_DIALOG_ID = 'sign-in-secret'

/**
 * Shows a credential once. The window holds it only while this dialog is open: closing it drops the
 * parent's state, so the secret leaves the DOM and memory; Userdeck stores no copy anywhere. Esc, a
 * click beside it or its × ask first while nothing has been copied, since a secret closed by accident
 * cannot be shown again; Done is the deliberate way out.
 */
export function SecretDialog({ made, onClose }: { made: SignInSecret | null; onClose: () => void }) {
  const kind = made ? KIND[made.kind] : null
  // Whether a Copy was pressed; a flag, not the secret, so closing leaves no reference to it.
  const [copied, setCopied] = useState(false)
  const close = () => {
    setCopied(false)
    onClose()
  }
  const closeAsking = () =>
    made && kind && !copied
      ? confirmDiscard({
          title: 'Close without copying?',
          text: `Userdeck keeps no copy of this ${kind.title.toLowerCase()}, so closing discards it. It stays valid until it expires (${exactTime(made.expire)}); make another if it is needed.`,
          keep: 'Keep it open',
          onDiscard: close,
        })
      : close()
  const escapeCloses = useEscapeCloses(made !== null, SECRET_DIALOG_ID, closeAsking)
  const onCopied = useCallback(() => setCopied(true), [])
  return (
    <Modal {...escapeCloses} title={kind?.title} size="lg">
      {made && kind && (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconEyeOff size={16} />}>
            Shown once. Userdeck keeps no copy: not in Activity, logs or files. Anyone holding it can act as
            this user until it expires.
          </Alert>
          <Copyable label="Secret" value={made.secret} onCopied={onCopied} />
          {made.link && <Copyable label="Link" value={made.link} onCopied={onCopied} />}
          <Text size="sm">Expires {exactTime(made.expire)}.</Text>
          <Text size="sm" c="dimmed">
            {kind.what}
          </Text>
          <Group justify="flex-end">
            <Button onClick={close} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
