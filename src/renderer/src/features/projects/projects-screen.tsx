import { useState } from 'react'
import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core'
import { ScreenTitle } from '../../components/screen-title'
import { IconFileExport, IconFileImport, IconPlus } from '@tabler/icons-react'
import type { ProjectView } from '@shared/models'
import { call, errorOf } from '../../api'
import { ErrorAlert } from '../../components/error-alert'
import { useProjects } from './projects-store'
import { ProjectCard } from './project-card'
import { ProjectForm } from './project-form'
import { RemoveProject } from './remove-project'
import { ExportProjects, ImportProjects } from './definitions-transfer'
import { useKeychain, whereKeysGo } from './keychain-banner'
import { useShortcuts } from '../../shortcut-keys'

export function ProjectsScreen() {
  const { projects, loading, error, load, openEditor, upsert, move } = useProjects()
  const keychain = useKeychain()
  const [removing, setRemoving] = useState<ProjectView | null>(null)
  const [checking, setChecking] = useState<Set<string>>(new Set())
  const [exported, setExported] = useState<string | null>(null)
  const [importing, setImporting] = useState(false)
  const [actionError, setActionError] = useState<string | null>(null)

  useShortcuts([['mod+shift+N', () => openEditor({ mode: 'add' })]])

  const attempt = async (what: () => Promise<void>) => {
    setActionError(null)
    try {
      await what()
    } catch (err) {
      setActionError(errorOf(err).message)
    }
  }
  const check = (ref: string) =>
    attempt(async () => {
      setChecking((s) => new Set(s).add(ref))
      try {
        upsert(await call((a) => a.projects.check({ project: ref })))
      } finally {
        setChecking((s) => {
          const next = new Set(s)
          next.delete(ref)
          return next
        })
      }
    })
  const exportAll = () => attempt(async () => setExported((await call((a) => a.projects.export({}))).json))
  const movable = projects.filter((p) => !p.demo)

  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between">
        <ScreenTitle>Projects</ScreenTitle>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconFileImport size={16} />}
            onClick={() => setImporting(true)}
          >
            Import
          </Button>
          <Button
            variant="default"
            leftSection={<IconFileExport size={16} />}
            onClick={() => void exportAll()}
            disabled={movable.length === 0}
          >
            Export
          </Button>
          <Button leftSection={<IconPlus size={16} />} onClick={() => openEditor({ mode: 'add' })}>
            Add project
          </Button>
        </Group>
      </Group>
      {error && <ErrorAlert error={error} title="Could not load projects" onRetry={() => void load()} />}
      {actionError && (
        <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => setActionError(null)}>
          {actionError}
        </Alert>
      )}
      {loading && projects.length === 0 && (
        <Center py="xl">
          <Loader />
        </Center>
      )}
      {!loading && !error && movable.length === 0 && (
        <Alert variant="light" title={projects.length ? 'Only the demo project so far' : 'No projects yet'}>
          <Text size="sm">
            Add an Appwrite project with its endpoint, project id and an API key with the users.read (and, to
            change users, users.write) scopes. {whereKeysGo(keychain)} It is never shown again.
          </Text>
        </Alert>
      )}
      <Stack gap="xs" role="list" aria-label="Projects">
        {projects.map((p) => (
          <ProjectCard
            key={p.id}
            project={p}
            first={movable[0]?.id === p.id}
            last={movable.at(-1)?.id === p.id}
            checking={checking.has(p.id)}
            onEdit={() => openEditor({ mode: 'edit', ref: p.id })}
            onCheck={() => void check(p.id)}
            onRemove={() => setRemoving(p)}
            onMove={(by) => void attempt(() => move(p.id, by))}
          />
        ))}
      </Stack>
      <ProjectForm />
      <RemoveProject project={removing} onClose={() => setRemoving(null)} />
      <ExportProjects json={exported} onClose={() => setExported(null)} />
      <ImportProjects opened={importing} onClose={() => setImporting(false)} />
    </Stack>
  )
}
