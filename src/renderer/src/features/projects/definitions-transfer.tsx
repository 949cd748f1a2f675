import { useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Anchor,
  Button,
  CopyButton,
  FileButton,
  Group,
  List,
  Modal,
  PasswordInput,
  Stack,
  Text,
  Textarea,
} from '@mantine/core'
import { IconDownload, IconFileUpload } from '@tabler/icons-react'
import type { ImportReport } from '@shared/contract/projects'
import type { ProjectView } from '@shared/models'
import { call, errorOf } from '../../api'
import { useProjects } from './projects-store'
import { ProjectBadge } from './project-badge'
import { BusyButton } from '../../components/busy-button'
import { DialogActions } from '../../components/dialog-actions'

/** Shows the exported definitions (no keys) to copy, and offers them as a file download. */
export function ExportProjects({ json, onClose }: { json: string | null; onClose(): void }) {
  const href = useMemo(
    () => (json ? URL.createObjectURL(new Blob([json], { type: 'application/json' })) : null),
    [json],
  )
  useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href])
  return (
    <Modal opened={json !== null} onClose={onClose} title="Export project definitions" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          Names, endpoints, project ids, colours, tags, safe modes and sign-in link templates. No keys:
          whoever imports this file enters each key again.
        </Text>
        <Textarea
          value={json ?? ''}
          readOnly
          autosize
          minRows={6}
          maxRows={14}
          ff="monospace"
          aria-label="Exported JSON"
        />
        <DialogActions>
          <CopyButton value={json ?? ''}>
            {({ copied, copy }) => (
              <Button variant="default" onClick={copy}>
                {copied ? 'Copied' : 'Copy'}
              </Button>
            )}
          </CopyButton>
          {href && (
            <Button
              component="a"
              href={href}
              download="userdeck-projects.json"
              leftSection={<IconDownload size={16} />}
            >
              Download
            </Button>
          )}
        </DialogActions>
      </Stack>
    </Modal>
  )
}

/** Reads a definitions file (or pasted JSON), adds its projects, then asks for each one's key. */
export function ImportProjects({ opened, onClose }: { opened: boolean; onClose(): void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Import project definitions" size="lg">
      {opened && <ImportBody onClose={onClose} />}
    </Modal>
  )
}

function ImportBody({ onClose }: { onClose(): void }) {
  const load = useProjects((s) => s.load)
  const [text, setText] = useState('')
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const run = async () => {
    setBusy(true)
    setError(null)
    try {
      setReport(await call((a) => a.projects.import({ json: text })))
      await load()
    } catch (err) {
      setError(errorOf(err).message)
    } finally {
      setBusy(false)
    }
  }

  return report ? (
    <Stack gap="sm">
      <Text size="sm">
        {report.added.length} added{report.skipped.length ? `, ${report.skipped.length} skipped` : ''}. Enter
        each project's API key to connect it; you can also do it later from its Edit button.
      </Text>
      {report.added.map((p) => (
        <KeyPrompt key={p.id} project={p} />
      ))}
      {report.skipped.length > 0 && (
        <List size="sm">
          {report.skipped.map((s) => (
            <List.Item key={s.name}>
              {s.name}: {s.reason}
            </List.Item>
          ))}
        </List>
      )}
      <DialogActions>
        <Button onClick={onClose}>Done</Button>
      </DialogActions>
    </Stack>
  ) : (
    <Stack gap="sm">
      <Text size="sm">Choose a file exported from Userdeck, or paste its contents.</Text>
      <FileButton
        accept="application/json,.json"
        onChange={(file) => {
          if (file) void file.text().then(setText, () => setError('That file could not be read.'))
        }}
      >
        {(props) => (
          <Button {...props} variant="default" leftSection={<IconFileUpload size={16} />}>
            Choose file…
          </Button>
        )}
      </FileButton>
      <Textarea
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={6}
        maxRows={14}
        ff="monospace"
        placeholder='{"format": "userdeck-projects", …}'
        aria-label="Definitions JSON"
      />
      {error && (
        <Alert color="red" variant="light" role="alert">
          {error}
        </Alert>
      )}
      <DialogActions>
        <Button variant="default" onClick={onClose}>
          Cancel
        </Button>
        <BusyButton onClick={() => void run()} disabled={!text.trim()} busy={busy}>
          Import
        </BusyButton>
      </DialogActions>
    </Stack>
  )
}

function KeyPrompt({ project }: { project: ProjectView }) {
  const upsert = useProjects((s) => s.upsert)
  const [key, setKey] = useState('')
  const [view, setView] = useState<ProjectView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      const saved = await call((a) => a.projects.setKey({ project: project.id, key: key.trim() }))
      upsert(saved)
      setView(saved)
      setKey('')
    } catch (err) {
      setError(errorOf(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack gap={4}>
      <ProjectBadge project={project} />
      {view ? (
        <Text size="sm" c={view.reach.state === 'online' ? 'green' : 'red'}>
          {view.reach.state === 'online'
            ? `Key saved (…${view.key.lastFour ?? ''}); connected.`
            : `Key saved, but: ${view.reach.message ?? 'the check failed'}`}
        </Text>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <Group gap="xs" align="flex-start">
            <PasswordInput
              style={{ flex: 1 }}
              placeholder="API key"
              aria-label={`API key for ${project.name}`}
              value={key}
              onChange={(e) => setKey(e.currentTarget.value)}
              error={error}
              autoComplete="off"
            />
            <BusyButton type="submit" disabled={!key.trim()} busy={busy}>
              Save key
            </BusyButton>
          </Group>
        </form>
      )}
      <Anchor component="span" size="xs" c="dimmed">
        {project.endpoint} · {project.projectId}
      </Anchor>
    </Stack>
  )
}
