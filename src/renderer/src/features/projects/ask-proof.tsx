import { useState } from 'react'
import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core'
import { modals } from '@mantine/modals'
import type { AppError } from '@shared/errors'
import type { ProjectView } from '@shared/models'
import type { Prover } from '../../api'
import { ProjectFrame } from './project-frame'
import { askAboutProject } from './ask-about-project'

function ProofForm({
  project,
  error,
  onDone,
}: {
  project: ProjectView
  error: AppError
  onDone(key: string | null): void
}) {
  const [key, setKey] = useState('')
  const wrong = error.code === 'proof_invalid'
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        if (key.trim()) onDone(key.trim())
      }}
    >
      <Stack gap="sm">
        <ProjectFrame project={project} />
        {!wrong && <Text data-testid="proof-why">{error.message}</Text>}
        <PasswordInput
          label={`API key of ${project.name}`}
          description="The key stored for this project. Userdeck compares it with the keychain's copy; the window never holds it."
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
          error={wrong ? error.message : undefined}
          autoComplete="off"
          data-autofocus
          required
        />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => onDone(null)}>
            Cancel
          </Button>
          <Button
            type="submit"
            color={project.tag === 'production' ? 'red' : undefined}
            disabled={!key.trim()}
          >
            Continue
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Each question gets its own form, so a key typed into the last one is not carried into the next. */
let asked = 0

/**
 * The question a guard asks before it is lowered (or before password hashes leave a guarded
 * project): the project's stored key, typed again. The host compares it; a wrong key comes back
 * here with the host's answer, until the person gets it right or cancels.
 */
export const askForProof: Prover = (error) =>
  askAboutProject(error, (project, answer) => {
    const id = modals.open({
      title: `Type the API key of ${project.name}`,
      size: 'lg',
      onClose: () => answer(null),
      children: (
        <ProofForm
          key={++asked}
          project={project}
          error={error}
          onDone={(key) => {
            answer(key)
            modals.close(id)
          }}
        />
      ),
    })
  })
