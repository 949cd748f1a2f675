import { Alert, Button, Code, CopyButton, Group, Modal, Stack, Text } from '@mantine/core'
import { IconCheck, IconCopy, IconEyeOff } from '@tabler/icons-react'
import type { SignInSecret } from '@shared/models/access'
import { exactTime } from '@shared/clock'

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

function Copyable({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <CopyButton value={value}>
          {({ copied, copy }) => (
            <Button
              size="compact-xs"
              variant="light"
              color={copied ? 'teal' : undefined}
              leftSection={copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
              onClick={copy}
            >
              {copied ? 'Copied' : `Copy ${label.toLowerCase()}`}
            </Button>
          )}
        </CopyButton>
      </Group>
      {/* data-private: privacy mode blurs it for screen sharing; Copy still works. */}
      <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-secret data-private>
        {value}
      </Code>
    </Stack>
  )
}

/**
 * Shows a credential once. The window holds it only while this dialog is open: closing it drops the
 * parent's state, so the secret leaves the DOM and memory; Userdeck stores no copy anywhere.
 */
export function SecretDialog({ made, onClose }: { made: SignInSecret | null; onClose: () => void }) {
  const kind = made ? KIND[made.kind] : null
  return (
    <Modal opened={made !== null} onClose={onClose} title={kind?.title} size="lg">
      {made && kind && (
        <Stack gap="md">
          <Alert color="yellow" variant="light" icon={<IconEyeOff size={16} />}>
            Shown once. Userdeck keeps no copy: not in Activity, logs or files. Anyone holding it can act as
            this user until it expires.
          </Alert>
          <Copyable label="Secret" value={made.secret} />
          {made.link && <Copyable label="Link" value={made.link} />}
          <Text size="sm">Expires {exactTime(made.expire)}.</Text>
          <Text size="sm" c="dimmed">
            {kind.what}
          </Text>
          <Group justify="flex-end">
            <Button onClick={onClose} data-autofocus>
              Done
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}
