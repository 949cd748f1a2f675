import { useState } from 'react'
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { errorOf } from '../../api'
import { BusyButton } from '../../components/busy-button'
import { DialogActions } from '../../components/dialog-actions'

/**
 * The body of a "this cannot be undone" dialog. On a production project the project's name must be
 * typed; main checks the same name again, so this is a courtesy, not the safeguard.
 */
export function ConfirmTyped({
  production,
  projectName,
  message,
  action,
  onConfirm,
  onCancel,
}: {
  production: boolean
  projectName: string
  message: string
  action: string
  onConfirm: (confirm: string | undefined) => Promise<void>
  onCancel: () => void
}) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const ready = !production || typed === projectName
  const go = async () => {
    setBusy(true)
    setError(null)
    try {
      await onConfirm(production ? typed : undefined)
    } catch (err) {
      setError(errorOf(err).message)
      setBusy(false)
    }
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{message}</Text>
      {production && (
        <TextInput
          label={
            <>
              This is a production project. Type <b>{projectName}</b> to confirm.
            </>
          }
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-autofocus
          aria-label="Project name"
        />
      )}
      {error && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />}>
          {error}
        </Alert>
      )}
      <DialogActions>
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <BusyButton color="red" disabled={!ready} busy={busy} onClick={() => void go()}>
          {action}
        </BusyButton>
      </DialogActions>
    </Stack>
  )
}
