import { useEffect, useRef, useState, type RefObject } from 'react'
import {
  Alert,
  Autocomplete,
  Anchor,
  Button,
  Checkbox,
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
import { projectColours, type ConnectionReport } from '@shared/contract/projects'
import { endpointProblem, insecureHttpProblem, sendsKeyInClear, suggestedEndpoint } from '@shared/endpoints'
import { ID_PATTERN } from '@shared/appwrite-limits'
import {
  defaultSafeMode,
  lowersSafeMode,
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
import { useKeychain, whereKeysGo } from './keychain-banner'
import { safeModeText } from './safe-mode'
import { BusyButton } from '../../components/busy-button'
import { DialogActions } from '../../components/dialog-actions'
import { useEscapeCloses } from '../../components/use-escape-closes'
import { useAskBeforeDiscard } from '../../components/confirm-discard'

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
  /** Plain http to another machine, accepted for this project: the key then travels unencrypted. */
  allowInsecureHttp: boolean
  projectId: string
  colour: Colour
  tag: ProjectTag
  safeMode: SafeMode
  key: string
}

const blank: Fields = {
  name: '',
  endpoint: '',
  allowInsecureHttp: false,
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
    // Saved over plain http, so accepted when it was added.
    allowInsecureHttp: sendsKeyInClear(p.endpoint),
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
  const endpoint =
    endpointProblem(f.endpoint.trim(), { suggest: false }) ??
    (insecureHttpProblem(f.endpoint.trim(), f.allowInsecureHttp) &&
      'Plain http:// sends the API key unencrypted. Use https://, or accept it below.')
  if (endpoint) out.endpoint = endpoint
  if (!ID_PATTERN.test(f.projectId.trim()))
    out.projectId = 'A project id is 1–36 characters of a-z, A-Z, 0-9, ".", "-", "_".'
  if (adding && !f.key.trim()) out.key = 'Paste the API key.'
  if (/\s/.test(f.key.trim())) out.key = 'An API key has no spaces or line breaks.'
  return out
}

const PROJECT_FORM_ID = 'project-form'

/**
 * The add/edit form. The key field is write-only: an existing key is never shown, only replaced.
 * Esc, a click beside it or its × asks before what was typed (a pasted key, say) goes; Cancel is the
 * deliberate way out. Esc pressed in a question asked over it (the stored key, before a guard is
 * lowered) answers that question only, and the form keeps its changes.
 */
export function ProjectForm() {
  const editor = useProjects((s) => s.editor)
  const projects = useProjects((s) => s.projects)
  const openEditor = useProjects((s) => s.openEditor)
  const editing = editor?.mode === 'edit' ? projects.find((p) => p.id === editor.ref) : undefined
  const close = () => openEditor(null)
  const { setTyped, closeAsking } = useAskBeforeDiscard(
    close,
    editing
      ? {
          title: 'Discard your changes?',
          text: `Your changes to ${editing.name} have not been saved. Closing discards them.`,
        }
      : {
          title: 'Discard this project?',
          text: 'What you typed in Add a project has not been saved, the API key with it. Closing discards it.',
        },
  )
  const escapeCloses = useEscapeCloses(editor !== null, PROJECT_FORM_ID, closeAsking)
  // The title stays put while the modal fades out after `editor` became null.
  const [title, setTitle] = useState('Add a project')
  const wanted = editor ? (editing ? `Edit ${editing.name}` : 'Add a project') : title
  if (wanted !== title) setTitle(wanted)
  return (
    <Modal {...escapeCloses} title={title} size="lg">
      {editor && (
        <FormBody
          key={editor.mode === 'edit' ? editor.ref : 'add'}
          editing={editing}
          onClose={close}
          onChanged={setTyped}
        />
      )}
    </Modal>
  )
}

/**
 * The safe mode a tag brings, until the person picks one: a new project takes the tag's default; a
 * project tagged production is raised to at least that default, and a tag taken back returns the level
 * it had, since lowering a guard takes the stored key and is never done for the person.
 */
function levelForTag(tag: ProjectTag, saved: SafeMode | undefined): SafeMode {
  const level = defaultSafeMode(tag)
  if (saved === undefined) return level
  return lowersSafeMode(saved, level) ? saved : level
}

function FormBody({
  editing,
  onClose: close,
  onChanged,
}: {
  editing: ProjectView | undefined
  onClose(): void
  /** Whether any field differs from where it started: the dialog asks before that is discarded. */
  onChanged(changed: boolean): void
}) {
  const upsert = useProjects((s) => s.upsert)
  const setActive = useProjects((s) => s.setActive)
  const keychain = useKeychain()
  const adding = !editing

  const [start] = useState<Fields>(() => (editing ? fieldsOf(editing) : blank))
  const [fields, setFields] = useState<Fields>(start)
  const changed = (Object.keys(start) as (keyof Fields)[]).some((k) => fields[k] !== start[k])
  useEffect(() => {
    onChanged(changed)
  }, [onChanged, changed])
  const [touched, setTouched] = useState(false)
  // The level follows the tag until the person picks one (see levelForTag).
  const [levelPicked, setLevelPicked] = useState(false)
  const [busy, setBusy] = useState<'save' | 'test' | 'deleteKey' | null>(null)
  const [serverError, setServerError] = useState<AppError | null>(null)
  const [test, setTest] = useState<ConnectionReport | null>(null)
  // A save stopped by a failed test: the form then offers "Save anyway".
  const [saveFailedTest, setSaveFailedTest] = useState(false)
  const [endpointLeft, setEndpointLeft] = useState(false)
  const endpoint = fields.endpoint.trim()
  const insecure = sendsKeyInClear(endpoint)
  const suggestion = touched || endpointLeft ? suggestedEndpoint(endpoint) : null

  const shown = touched ? problems(fields, adding) : {}
  const fieldError = (name: keyof Fields) =>
    shown[name] ?? (serverError?.field === name ? serverError.message : undefined)
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => {
    setFields((f) => ({ ...f, [key]: value }))
    setTest(null)
    setSaveFailedTest(false)
  }
  const address = () => ({
    endpoint,
    projectId: fields.projectId.trim(),
    ...(insecure && fields.allowInsecureHttp ? { allowInsecureHttp: true } : {}),
  })

  /** The typed address tested; no new key typed while editing: main uses the stored key, which only it can read. */
  const testConnection = async (): Promise<ConnectionReport | null> => {
    try {
      const key = fields.key.trim()
      const report = await call((a) =>
        a.projects.test({ ...address(), ...(key ? { key } : editing ? { project: editing.id } : {}) }),
      )
      setTest(report)
      return report
    } catch (err) {
      setServerError(errorOf(err))
      return null
    }
  }

  const runTest = async () => {
    setTouched(true)
    const p = problems({ ...fields, key: fields.key || (editing ? 'x' : '') }, adding)
    if (p.endpoint || p.projectId || p.key || (!fields.key && !editing)) return
    setBusy('test')
    await testConnection()
    setBusy(null)
  }

  /** `anyway`: the person saw the test fail and saves all the same. */
  const save = async (anyway = false) => {
    setTouched(true)
    if (Object.keys(problems(fields, adding)).length > 0) return
    setBusy('save')
    setServerError(null)
    // A new project, or one moved to another address or key, is saved only after it answered, or when asked to.
    const moves =
      !editing ||
      fields.key.trim() !== '' ||
      endpoint !== editing.endpoint ||
      fields.projectId.trim() !== editing.projectId
    if (moves && !anyway && !test?.ok) {
      const report = await testConnection()
      if (!report?.ok) {
        setSaveFailedTest(report !== null)
        setBusy(null)
        return
      }
    }
    try {
      const definition = {
        name: fields.name.trim(),
        ...address(),
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
        // Only a project that answered is opened; one saved anyway waits on its card to be fixed.
        if (view.reach.state === 'online') setActive(view.id)
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
          onBlur={() => setEndpointLeft(true)}
          error={fieldError('endpoint')}
          required
        />
        {suggestion && (
          <Text size="sm" role="status" data-testid="endpoint-suggestion">
            Did you mean{' '}
            <Text span ff="monospace" size="sm">
              {suggestion}
            </Text>
            ?{' '}
            <Anchor component="button" type="button" size="sm" onClick={() => set('endpoint', suggestion)}>
              Use it
            </Anchor>
          </Text>
        )}
        {insecure && (
          <Checkbox
            color="orange"
            label="Send the key over plain http, unencrypted"
            description="Unencrypted: anyone on the network between here and the server can read the key. Use https:// unless the server is on a network you trust."
            checked={fields.allowInsecureHttp}
            onChange={(e) => set('allowInsecureHttp', e.currentTarget.checked)}
          />
        )}
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
              if (!levelPicked) set('safeMode', levelForTag(v as ProjectTag, editing?.safeMode))
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
                : `${whereKeysGo(keychain)} Userdeck never shows it again.`}{' '}
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
        {test && (
          <TestResult
            report={test}
            saveAnyway={saveFailedTest ? () => void save(true) : undefined}
            adding={adding}
            saving={busy === 'save'}
          />
        )}
        {serverError && !serverError.field && <ServerError error={serverError} />}
        <DialogActions justify="space-between">
          <Group gap="xs">
            <BusyButton
              variant="default"
              leftSection={<IconPlugConnected size={16} />}
              onClick={() => void runTest()}
              busy={busy === 'test'}
            >
              Test connection
            </BusyButton>
            {editing?.key.present && (
              <BusyButton
                variant="subtle"
                color="red"
                onClick={() => void deleteKey()}
                busy={busy === 'deleteKey'}
              >
                Delete stored key
              </BusyButton>
            )}
          </Group>
          <Group gap="xs">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <BusyButton type="submit" busy={busy === 'save'}>
              {editing ? 'Save' : 'Add project'}
            </BusyButton>
          </Group>
        </DialogActions>
      </Stack>
    </form>
  )
}

/**
 * A result that appears under a long form scrolls itself into view: in a short window the dialog's
 * bottom, where it and its "Save anyway" land, is below the fold, and nothing else says it is there.
 */
function useScrolledIntoView<T extends HTMLElement>(shown: unknown): RefObject<T | null> {
  const ref = useRef<T>(null)
  useEffect(() => {
    if (shown) ref.current?.scrollIntoView({ block: 'nearest' })
  }, [shown])
  return ref
}

function ServerError({ error }: { error: AppError }) {
  const ref = useScrolledIntoView<HTMLDivElement>(error)
  return (
    <Alert ref={ref} color="red" variant="light" icon={<IconAlertTriangle size={16} />} role="alert">
      {error.message}
    </Alert>
  )
}

function TestResult({
  report,
  saveAnyway,
  adding,
  saving,
}: {
  report: ConnectionReport
  /** Offered after a save stopped at a failed test. */
  saveAnyway: (() => void) | undefined
  adding: boolean
  saving: boolean
}) {
  const ref = useScrolledIntoView<HTMLDivElement>(report)
  if (!report.ok) {
    return (
      <Alert
        ref={ref}
        color="red"
        variant="light"
        icon={<IconAlertTriangle size={16} />}
        title={saveAnyway ? 'Connection failed: not saved' : 'Connection failed'}
        role="status"
      >
        <Stack gap="xs">
          <Text size="sm">{report.error?.message}</Text>
          {saveAnyway && (
            <Group gap="sm" wrap="nowrap">
              <BusyButton
                size="xs"
                color="red"
                variant="outline"
                onClick={saveAnyway}
                busy={saving}
                style={{ flexShrink: 0 }}
              >
                Save anyway
              </BusyButton>
              <Text size="xs" c="dimmed">
                {adding
                  ? 'It is added but not opened; its card shows the failure until it answers.'
                  : 'The change is kept; the project shows the failure until it answers.'}
              </Text>
            </Group>
          )}
        </Stack>
      </Alert>
    )
  }
  const missing = [
    report.scopes.read ? null : 'users.read',
    report.scopes.write ? null : 'users.write',
  ].filter(Boolean)
  return (
    <Alert
      ref={ref}
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
