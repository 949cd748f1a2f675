import { useCallback, useEffect, useMemo, useState } from 'react'
import {
  Alert,
  Anchor,
  Button,
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
import { useEscapeCloses } from '../../components/use-escape-closes'
import { confirmDiscard } from '../../components/confirm-discard'
import { CopyRefused, useCopy } from '../../components/use-copy'

/** Shows the exported definitions (no keys) to copy, and offers them as a file download. */
export function ExportProjects({ json, onClose }: { json: string | null; onClose(): void }) {
  const href = useMemo(
    () => (json ? URL.createObjectURL(new Blob([json], { type: 'application/json' })) : null),
    [json],
  )
  useEffect(() => () => (href ? URL.revokeObjectURL(href) : undefined), [href])
  const { copied, refused, copy, shown } = useCopy<HTMLTextAreaElement>(json ?? '', { timeout: 1000 })
  return (
    <Modal opened={json !== null} onClose={onClose} title="Export project definitions" size="lg">
      <Stack gap="sm">
        <Text size="sm">
          Names, endpoints, project ids, colours, tags, safe modes and sign-in link templates. No keys:
          whoever imports this file enters each key again.
        </Text>
        <Textarea
          ref={shown}
          value={json ?? ''}
          readOnly
          autosize
          minRows={6}
          maxRows={14}
          ff="monospace"
          aria-label="Exported JSON"
        />
        {refused && <CopyRefused what="definitions" />}
        <DialogActions>
          <Button variant="default" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </Button>
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

const IMPORT_DIALOG_ID = 'import-definitions'

/** What closing the import would throw away: the definitions before they are imported, then a typed key. */
type Unsaved = 'definitions' | 'key' | null

const DISCARD: Record<NonNullable<Unsaved>, { title: string; text: string }> = {
  definitions: {
    title: 'Discard these definitions?',
    text: 'The definitions you chose or pasted have not been imported. Closing discards them.',
  },
  key: {
    title: 'Discard the API key you typed?',
    text: "It has not been saved (Save key stores it). Closing discards it; you can enter it later from the project's Edit button.",
  },
}

/**
 * Reads a definitions file (or pasted JSON), adds its projects, then asks for each one's key. Esc, a
 * click beside it, its × or Done ask before unimported definitions or an unsaved key go; Cancel is the
 * deliberate way out. The stage is state, not a ref: it changes a few times per import, not per key.
 */
export function ImportProjects({ opened, onClose }: { opened: boolean; onClose(): void }) {
  const [unsaved, setUnsaved] = useState<Unsaved>(null)
  const close = () => {
    setUnsaved(null)
    onClose()
  }
  const closeAsking = () => (unsaved ? confirmDiscard({ ...DISCARD[unsaved], onDiscard: close }) : close())
  const escapeCloses = useEscapeCloses(opened, IMPORT_DIALOG_ID, closeAsking)
  return (
    <Modal {...escapeCloses} title="Import project definitions" size="lg">
      {opened && <ImportBody onCancel={close} onDone={closeAsking} onUnsaved={setUnsaved} />}
    </Modal>
  )
}

function ImportBody({
  onCancel,
  onDone,
  onUnsaved,
}: {
  onCancel(): void
  onDone(): void
  onUnsaved(unsaved: Unsaved): void
}) {
  const load = useProjects((s) => s.load)
  const [text, setText] = useState('')
  const [report, setReport] = useState<ImportReport | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  // The added projects whose key field holds a key not yet saved.
  const [keysTyped, setKeysTyped] = useState<ReadonlySet<string>>(new Set())
  const onKeyTyped = useCallback(
    (project: string, typed: boolean) =>
      setKeysTyped((was) => {
        if (was.has(project) === typed) return was
        const next = new Set(was)
        if (typed) next.add(project)
        else next.delete(project)
        return next
      }),
    [],
  )
  const unsaved: Unsaved = report ? (keysTyped.size > 0 ? 'key' : null) : text.trim() ? 'definitions' : null
  useEffect(() => {
    onUnsaved(unsaved)
  }, [onUnsaved, unsaved])

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
        <KeyPrompt key={p.id} project={p} onTyped={onKeyTyped} />
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
        <Button onClick={onDone}>Done</Button>
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
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
        <BusyButton onClick={() => void run()} disabled={!text.trim()} busy={busy}>
          Import
        </BusyButton>
      </DialogActions>
    </Stack>
  )
}

function KeyPrompt({
  project,
  onTyped,
}: {
  project: ProjectView
  onTyped(project: string, typed: boolean): void
}) {
  const upsert = useProjects((s) => s.upsert)
  const [key, setKey] = useState('')
  const [view, setView] = useState<ProjectView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const typed = key.trim() !== ''
  useEffect(() => {
    onTyped(project.id, typed)
  }, [onTyped, project.id, typed])
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
