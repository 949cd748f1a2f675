import { useState } from 'react'
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import type { ProjectView } from '@shared/models'
import { errorOf } from '../../api'
import { useProjects } from './projects-store'
import { BusyButton } from '../../components/busy-button'

/** Removing deletes the key from the keychain too; on production main also wants the name typed. */
export function RemoveProject({ project, onClose }: { project: ProjectView | null; onClose(): void }) {
  return (
    <Modal opened={project !== null} onClose={onClose} title={`Remove ${project?.name ?? ''}?`}>
      {project && <RemoveBody key={project.id} project={project} onClose={onClose} />}
    </Modal>
  )
}

function RemoveBody({ project, onClose }: { project: ProjectView; onClose(): void }) {
  const remove = useProjects((s) => s.remove)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const production = project.tag === 'production'
  const ready = !production || typed === project.name
  const go = async () => {
    setBusy(true)
    try {
      await remove(project.id, production ? typed : undefined)
      onClose()
    } catch (err) {
      setError(errorOf(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap="sm">
      <Text size="sm">
        Userdeck forgets this project and deletes its API key from the keychain. Nothing on the Appwrite
        server changes. You can add it again later with the key.
      </Text>
      {production && (
        <TextInput
          label={
            <>
              This is a production project. Type <b>{project.name}</b> to confirm.
            </>
          }
          aria-label="Project name"
          value={typed}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-autofocus
        />
      )}
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <BusyButton color="red" disabled={!ready} busy={busy} onClick={() => void go()}>
          Remove project
        </BusyButton>
      </Group>
    </Stack>
  )
}
