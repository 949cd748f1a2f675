import { useState } from 'react'
import {
  Alert,
  Autocomplete,
  Button,
  CheckIcon,
  ColorSwatch,
  Group,
  Input,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconPlugConnected } from '@tabler/icons-react'
import { endpointProblem, projectColours, type ConnectionReport } from '@shared/contract/projects'
import { ID_PATTERN } from '@shared/appwrite-limits'
import {
  defaultSafeMode,
  projectTags,
  safeModes,
  type ProjectTag,
  type ProjectView,
  type SafeMode,
} from '@shared/models'
import type { AppError } from '@shared/errors'
import { call, errorOf } from '../../api'
import { HelpLink } from '../../components/help-link'
import { useProjects } from './projects-store'
import { useKeychain } from './keychain-banner'
import { safeModeText } from './safe-mode'

/** Appwrite Cloud's regions; a self-hosted URL can be typed instead. */
const cloudEndpoints = [
  'https://cloud.appwrite.io/v1',
  'https://fra.cloud.appwrite.io/v1',
  'https://nyc.cloud.appwrite.io/v1',
  'https://sfo.cloud.appwrite.io/v1',
  'https://syd.cloud.appwrite.io/v1',
  'https://sgp.cloud.appwrite.io/v1',
  'https://tor.cloud.appwrite.io/v1',
]

type Colour = (typeof projectColours)[number]

interface Fields {
  name: string
  endpoint: string
  projectId: string
  colour: Colour
  tag: ProjectTag
  safeMode: SafeMode
  key: string
}

const blank: Fields = {
  name: '',
  endpoint: '',
  projectId: '',
  colour: 'indigo',
  tag: 'development',
  safeMode: defaultSafeMode('development'),
  key: '',
}

function fieldsOf(p: ProjectView): Fields {
  const colour = (projectColours as readonly string[]).includes(p.colour) ? (p.colour as Colour) : 'indigo'
  return {
    name: p.name,
    endpoint: p.endpoint,
    projectId: p.projectId,
    colour,
    tag: p.tag,
    safeMode: p.safeMode,
    key: '',
  }
}

function problems(f: Fields, adding: boolean): Partial<Record<keyof Fields, string>> {
  const out: Partial<Record<keyof Fields, string>> = {}
  if (!f.name.trim()) out.name = 'Give the project a name.'
  const endpoint = endpointProblem(f.endpoint.trim())
  if (endpoint) out.endpoint = endpoint
  if (!ID_PATTERN.test(f.projectId.trim()))
    out.projectId = 'A project id is 1–36 characters of a-z, A-Z, 0-9, ".", "-", "_".'
  if (adding && !f.key.trim()) out.key = 'Paste the API key.'
  if (/\s/.test(f.key.trim())) out.key = 'An API key has no spaces or line breaks.'
  return out
}

/** The add/edit form. The key field is write-only: an existing key is never shown, only replaced. */
export function ProjectForm() {
  const editor = useProjects((s) => s.editor)
  const projects = useProjects((s) => s.projects)
  const openEditor = useProjects((s) => s.openEditor)
  const editing = editor?.mode === 'edit' ? projects.find((p) => p.id === editor.ref) : undefined
  const close = () => openEditor(null)
  // The title stays put while the modal fades out after `editor` became null.
  const [title, setTitle] = useState('Add a project')
  const wanted = editor ? (editing ? `Edit ${editing.name}` : 'Add a project') : title
  if (wanted !== title) setTitle(wanted)
  return (
    <Modal opened={editor !== null} onClose={close} title={title} size="lg">
      {editor && (
        <FormBody key={editor.mode === 'edit' ? editor.ref : 'add'} editing={editing} onClose={close} />
      )}
    </Modal>
  )
}

function FormBody({ editing, onClose: close }: { editing: ProjectView | undefined; onClose(): void }) {
  const upsert = useProjects((s) => s.upsert)
  const setActive = useProjects((s) => s.setActive)
  const keychain = useKeychain()
  const adding = !editing

  const [fields, setFields] = useState<Fields>(() => (editing ? fieldsOf(editing) : blank))
  const [touched, setTouched] = useState(false)
  // While adding, the level follows the tag until the person picks one.
  const [levelPicked, setLevelPicked] = useState(false)
  const [busy, setBusy] = useState<'save' | 'test' | 'deleteKey' | null>(null)
  const [serverError, setServerError] = useState<AppError | null>(null)
  const [test, setTest] = useState<ConnectionReport | null>(null)

  const shown = touched ? problems(fields, adding) : {}
  const fieldError = (name: keyof Fields) =>
    shown[name] ?? (serverError?.field === name ? serverError.message : undefined)
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((f) => ({ ...f, [key]: value }))
    setTest(null)
  }

  const runTest = async () => {
    setTouched(true)
    const p = problems({ ...fields, key: fields.key || (editing ? 'x' : '') }, adding)
    if (p.endpoint || p.projectId || p.key || (!fields.key && !editing)) return
    setBusy('test')
    try {
      // No new key typed while editing: main tests the typed address with the stored key, which only it can read.
      setTest(
        await call((a) =>
          a.projects.test({
            endpoint: fields.endpoint.trim(),
            projectId: fields.projectId.trim(),
            ...(fields.key.trim() ? { key: fields.key.trim() } : editing ? { project: editing.id } : {}),
          }),
        ),
      )
    } catch (err) {
      setServerError(errorOf(err))
    } finally {
      setBusy(null)
    }
  }

  const save = async () => {
    setTouched(true)
    if (Object.keys(problems(fields, adding)).length > 0) return
    setBusy('save')
    setServerError(null)
    try {
      const definition = {
        name: fields.name.trim(),
        endpoint: fields.endpoint.trim(),
        projectId: fields.projectId.trim(),
        colour: fields.colour,
        tag: fields.tag,
        safeMode: fields.safeMode,
      }
      let view: ProjectView
      if (editing) {
        const key = fields.key.trim()
        // Lowering a guard makes the host ask for the stored key, which `call` asks the person for.
        view = await call((a) =>
          a.projects.update({ project: editing.id, ...definition, ...(key ? { key } : {}) }),
        )
      } else {
        view = await call((a) => a.projects.add({ ...definition, key: fields.key.trim() }))
        setActive(view.id)
      }
      upsert(view)
      setFields((f) => ({ ...f, key: '' }))
      close()
    } catch (err) {
      setServerError(errorOf(err))
    } finally {
      setBusy(null)
    }
  }

  const deleteKey = async () => {
    if (!editing) return
    setBusy('deleteKey')
    try {
      upsert(await call((a) => a.projects.deleteKey({ project: editing.id })))
    } catch (err) {
      setServerError(errorOf(err))
    } finally {
      setBusy(null)
    }
  }

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void save()
      }}
    >
      <Stack gap="sm">
        <TextInput
          label="Name"
          placeholder="Shop (EU)"
          value={fields.name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={fieldError('name')}
          data-autofocus
          required
        />
        <Autocomplete
          label="Endpoint"
          description="An Appwrite Cloud region, or your server's URL ending in /v1"
          placeholder="https://fra.cloud.appwrite.io/v1"
          data={cloudEndpoints}
          value={fields.endpoint}
          onChange={(v) => set('endpoint', v)}
          error={fieldError('endpoint')}
          required
        />
        <TextInput
          label="Project ID"
          placeholder="shop-eu"
          value={fields.projectId}
          onChange={(e) => set('projectId', e.currentTarget.value)}
          error={fieldError('projectId')}
          required
        />
        <Input.Wrapper label="Colour">
          <Group gap={6} mt={4} role="radiogroup" aria-label="Colour">
            {projectColours.map((c) => (
              <ColorSwatch
                key={c}
                component="button"
                type="button"
                role="radio"
                aria-checked={fields.colour === c}
                aria-label={c}
                color={`var(--mantine-color-${c}-6)`}
                onClick={() => set('colour', c)}
                size={24}
                style={{ cursor: 'pointer', color: 'white' }}
              >
                {fields.colour === c && <CheckIcon size={12} />}
              </ColorSwatch>
            ))}
          </Group>
        </Input.Wrapper>
        <Input.Wrapper
          label="Tag"
          description="Production asks for the project's name before anything destructive"
        >
          <SegmentedControl
            mt={4}
            fullWidth
            data={projectTags.map((t) => ({ value: t, label: t }))}
            value={fields.tag}
            onChange={(v) => {
              set('tag', v as ProjectTag)
              if (adding && !levelPicked) set('safeMode', defaultSafeMode(v as ProjectTag))
            }}
            aria-label="Tag"
          />
        </Input.Wrapper>
        <Input.Wrapper label="Safe mode" description={safeModeText[fields.safeMode].description}>
          <SegmentedControl
            mt={4}
            fullWidth
            data={safeModes.map((m) => ({ value: m, label: safeModeText[m].label }))}
            value={fields.safeMode}
            onChange={(v) => {
              setLevelPicked(true)
              set('safeMode', v as SafeMode)
            }}
            aria-label="Safe mode"
          />
        </Input.Wrapper>
        <PasswordInput
          label={editing ? 'Replace API key' : 'API key'}
          description={
            <>
              {editing?.key.present
                ? `A key ending in ${editing.key.lastFour ?? '…'} is stored. Leave empty to keep it; another server needs the key again.`
                : keychain.available
                  ? 'Stored in the OS keychain. Userdeck never shows it again.'
                  : 'No keychain: the key is kept in memory until Userdeck closes, never on disk.'}{' '}
              <HelpLink topic="api-keys">How to create a key with the users scopes</HelpLink>
            </>
          }
          placeholder={editing?.key.present ? 'Keep the stored key' : 'standard_…'}
          value={fields.key}
          onChange={(e) => set('key', e.currentTarget.value)}
          error={fieldError('key')}
          autoComplete="off"
          required={!editing}
        />
        {test && <TestResult report={test} />}
        {serverError && !serverError.field && (
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={16} />} role="alert">
            {serverError.message}
          </Alert>
        )}
        <Group justify="space-between" mt="xs">
          <Group gap="xs">
            <Button
              variant="default"
              leftSection={<IconPlugConnected size={16} />}
              onClick={() => void runTest()}
              loading={busy === 'test'}
            >
              Test connection
            </Button>
            {editing?.key.present && (
              <Button
                variant="subtle"
                color="red"
                onClick={() => void deleteKey()}
                loading={busy === 'deleteKey'}
              >
                Delete stored key
              </Button>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={busy === 'save'}>
              {editing ? 'Save' : 'Add project'}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}

function TestResult({ report }: { report: ConnectionReport }) {
  if (!report.ok) {
    return (
      <Alert
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={16} />}
        title="Connection failed"
        role="status"
      >
        {report.error?.message}
      </Alert>
    )
  }
  const missing = [
    report.scopes.read ? null : 'users.read',
    report.scopes.write ? null : 'users.write',
  ].filter(Boolean)
  return (
    <Alert
      color={missing.length ? 'orange' : 'green'}
      variant="light"
      icon={<IconCircleCheck size={16} />}
      title="Connected"
      role="status"
    >
      <Text size="sm">
        {missing.length
          ? `The key works but lacks ${missing.join(' and ')}: Userdeck will disable what needs it.`
          : 'The key can read and change users.'}
      </Text>
    </Alert>
  )
}
