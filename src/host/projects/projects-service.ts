import { randomBytes } from 'node:crypto'
import type { ParsedInput } from '@shared/contract'
import type { ConnectionReport, ImportReport } from '@shared/contract/projects'
import { AppErrorException, fail } from '@shared/errors'
import { normaliseEndpoint } from '@shared/endpoints'
import { defaultSafeMode, type ProjectConnection, type ProjectView } from '@shared/models'
import {
  closeAppwriteClients,
  createAppwriteClients,
  readServer,
  type AppwriteClients,
  type Connection,
} from '../appwrite/client'
import type { AppwriteServer } from '@shared/appwrite-versions'
import type { Logger } from '../logger'
import { AdhocSource } from './adhoc-source'
import { watchCalls } from './call-watch'
import { CHECK_TIMEOUT_MS, checkConnection } from './connection-check'
import { checkProof, hashReadOf, loweringOf, refusesKey, type Lowering } from './guard-proof'
import { exportDefinitions, parseDefinitions, type ProjectDefinition } from './definitions-export'
import type { DemoSource } from './demo-source'
import type { KeysToForget } from './keys-to-forget'
import type { LinkTemplates } from './link-templates'
import { NO_KEY_MESSAGE, type ProjectSource } from './project-source'
import { DEFAULT_BACKOFF, Reachability, type Backoff } from './reachability'
import type { ProjectEntry, ProjectRegistry } from './registry'
import { RegistrySource } from './registry-source'
import type { SecretStore } from './secret-store'
import { checkRemoval, checkWrite, type WriteIntent } from './write-guard'

/** What is known of a project before (or since) its check: nothing. */
const UNCHECKED = { scopes: { read: null, write: null }, lastCheckedAt: null, server: null } as const

export interface ResolvedProject {
  entry: ProjectEntry
  demo: boolean
  clients: AppwriteClients
  /** For the audit log: which key made a write, without the key. */
  keyLastFour: string | null
  /** Where it points now, when it can be pointed elsewhere later (see `placeOf`). */
  place: ProjectConnection | null
  /** For a project named by its address (not stored): that address (see `adhocConnection`). */
  connection: ProjectConnection | null
  /**
   * The server's release and edition: the last check's, else read from the server once, when a
   * request first depends on it (a filter an older release lacks), so a request its server would
   * refuse is refused before the server is asked. Null when the server does not say.
   */
  server(): Promise<AppwriteServer | null>
}

export interface ProjectsServiceOptions {
  backoff?: Backoff
  checkTimeoutMs?: number
  /** What to do about a ref that names no project, in the shell's own terms. */
  whenMissing?: string
}

const FAILURE_CHECK_INTERVAL_MS = 30_000

/**
 * Knows every project, whatever its source (the registry's, the demo, and ad-hoc ones a script named
 * by URL), and hands out ready Appwrite clients. It is the only code that reads a key, and it hands
 * the key to node-appwrite and to nothing else.
 */
export class ProjectsService {
  private readonly clients = new Map<
    string,
    { key: string; clients: AppwriteClients; server: Promise<AppwriteServer | null> | null }
  >()
  private readonly stored: RegistrySource
  private readonly adhoc = new AdhocSource()
  /** In the order a person sees them: the demo first, then the registry's. */
  private readonly sources: ProjectSource[]
  private readonly listeners = new Set<(view: ProjectView) => void>()
  private readonly reach: Reachability
  private readonly checkTimeoutMs: number
  private readonly failureChecks = new Map<string, number>()
  /** Each project's latest view on its way to the listeners; the next waits for it. */
  private readonly emitting = new Map<string, Promise<ProjectView>>()
  private readonly whenMissing: string

  constructor(
    private readonly registry: ProjectRegistry,
    private readonly templates: LinkTemplates,
    private readonly keysToForget: KeysToForget,
    private readonly secrets: SecretStore,
    private readonly logger: Logger,
    demo: DemoSource | null,
    options: ProjectsServiceOptions = {},
  ) {
    this.stored = new RegistrySource(registry, secrets)
    this.sources = [...(demo ? [demo] : []), this.stored, this.adhoc]
    this.reach = new Reachability(
      (ref) => this.check(ref).catch(() => undefined),
      options.backoff ?? DEFAULT_BACKOFF,
    )
    this.checkTimeoutMs = options.checkTimeoutMs ?? CHECK_TIMEOUT_MS
    this.whenMissing = options.whenMissing ?? 'It may have been removed; pick another in the switcher.'
  }

  /** Called with the fresh view whenever a project's reach, scopes or key changes. Returns the unsubscribe. */
  onChange(listener: (view: ProjectView) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The projects a person sees: the demo first, then the registry's in their order. */
  entries(): ProjectEntry[] {
    return this.sources.flatMap((source) => source.listed())
  }

  private find(ref: string): { source: ProjectSource; entry: ProjectEntry } | undefined {
    for (const source of this.sources) {
      const entry = source.find(ref)
      if (entry) return { source, entry }
    }
    return undefined
  }

  private located(ref: string): { source: ProjectSource; entry: ProjectEntry } {
    const found = this.find(ref)
    if (!found) fail('not_found', `No project "${ref}". ${this.whenMissing}`)
    return found
  }

  entry(ref: string): ProjectEntry {
    return this.located(ref).entry
  }

  /** The project as it is now, if it is still known (a job outlives a removed project). */
  known(ref: string): ProjectEntry | undefined {
    return this.find(ref)?.entry
  }

  async list(): Promise<ProjectView[]> {
    return Promise.all(this.entries().map((e) => this.view(e)))
  }

  async view(entry: ProjectEntry): Promise<ProjectView> {
    const { source } = this.located(entry.id)
    const key = await source.keyView(entry.id)
    // Everything else is read at once, after the keychain has answered: a check may have ended
    // meanwhile, and a view must not pair its reach with the scopes from before it.
    const now = source.find(entry.id) ?? entry
    return { ...now, demo: source.demo, key, reach: this.reach.get(entry.id) }
  }

  private async viewOf(ref: string): Promise<ProjectView> {
    return this.view(this.entry(ref))
  }

  /** Starts background re-checks; projects not checked yet in this run, or not answering, are checked now. */
  watch(): void {
    if (this.reach.isWatching) return
    this.reach.watch(
      this.entries()
        .filter((e) => ['unknown', 'unreachable'].includes(this.reach.get(e.id).state))
        .map((e) => e.id),
    )
  }

  /** A stored project, which Userdeck may change; the demo and ad-hoc ones say why not. */
  private editable(ref: string): ProjectEntry {
    const { source, entry } = this.located(ref)
    if (source.fixed !== null) fail('invalid_request', source.fixed)
    return entry
  }

  private ensureNameFree(name: string, except?: string): void {
    const taken = this.entries().find((e) => e.id !== except && e.name.toLowerCase() === name.toLowerCase())
    if (taken)
      fail('conflict', `A project named "${taken.name}" exists already. Choose another name.`, {
        field: 'name',
      })
  }

  async add(input: ParsedInput<'projects.add'>): Promise<ProjectView> {
    const { key, ...definition } = input
    this.logger.addSecret(key)
    this.ensureNameFree(definition.name)
    const entry = this.newEntry(definition)
    // The key goes in first: a keychain that refuses it must not leave a project behind without one.
    await this.secrets.set(entry.id, key)
    this.registry.add(entry)
    this.logger.info('project added', { project: entry.id, endpoint: entry.endpoint })
    return this.check(entry.id)
  }

  private newEntry({ allowInsecureHttp: _accepted, ...definition }: ProjectDefinition): ProjectEntry {
    // The acceptance of plain http is not kept: the endpoint itself says the key travels unencrypted.
    return {
      id: `p_${randomBytes(6).toString('hex')}`,
      ...definition,
      safeMode: definition.safeMode ?? defaultSafeMode(definition.tag),
      endpoint: normaliseEndpoint(definition.endpoint),
      ...UNCHECKED,
    }
  }

  async update(input: ParsedInput<'projects.update'>): Promise<ProjectView> {
    const { project: ref, key, proof, allowInsecureHttp: _accepted, ...patch } = input
    const current = this.editable(ref)
    if (patch.endpoint !== undefined) {
      patch.endpoint = normaliseEndpoint(patch.endpoint)
      await this.staysWhileKeychainIsOut(current, patch.endpoint)
    }
    await this.requireProof(current, loweringOf(current, { ...patch, key: key !== undefined }), proof)
    if (patch.name !== undefined) this.ensureNameFree(patch.name, ref)
    if (patch.endpoint !== undefined && !key) this.keyStaysWith(current, patch.endpoint)
    if (key) {
      this.logger.addSecret(key)
      await this.secrets.set(ref, key)
    }
    const moved =
      key !== undefined ||
      (patch.endpoint !== undefined && patch.endpoint !== current.endpoint) ||
      (patch.projectId !== undefined && patch.projectId !== current.projectId)
    // Another server, project or key: what the key can do there is unknown until checked again.
    this.registry.update(ref, moved ? { ...patch, ...UNCHECKED } : patch)
    if (moved) {
      this.clients.delete(ref)
      return this.check(ref)
    }
    return this.emit(ref)
  }

  /** The guard-proof rule (see `guard-proof.ts`) against the key stored for the project now. */
  private async requireProof(
    entry: ProjectEntry,
    lowering: Lowering,
    proof: string | undefined,
  ): Promise<void> {
    if (lowering.what.length === 0) return
    if (proof !== undefined) this.logger.addSecret(proof)
    checkProof(entry, lowering, proof, await this.stored.key(entry.id))
  }

  /** Password hashes leave a guarded project only with its stored key typed again as `proof`. */
  async proveHashRead(ref: string, proof: string | undefined): Promise<void> {
    const entry = this.entry(ref)
    await this.requireProof(entry, hashReadOf(entry), proof)
  }

  /**
   * No project moves to another server while this run's keychain is out. A key set now would live in
   * memory only, and the keychain, answering again next run, would hand the key stored before to the
   * new server; nor can the stored key be read now, so a guarded project's proof cannot be asked for.
   */
  private async staysWhileKeychainIsOut(entry: ProjectEntry, endpoint: string): Promise<void> {
    if (originOf(endpoint) === originOf(entry.endpoint)) return
    await this.secrets.ready()
    if (this.secrets.state?.available !== false) return
    fail(
      'keychain_unavailable',
      `The OS keychain is not reachable this run, so the key stored for "${entry.name}" can be neither checked nor replaced there: moved to ${originOf(endpoint)} now, the project would send that stored key there once the keychain answers. Change the endpoint when the keychain answers (restart Userdeck then), or remove the project and add it again.`,
      { field: 'endpoint' },
    )
  }

  /**
   * A stored key goes only to the server it was entered for. Pointing a project at another origin
   * needs the key typed again, so whoever controls the window cannot send a stored key elsewhere.
   */
  private keyStaysWith(entry: ProjectEntry, endpoint: string): void {
    if (originOf(endpoint) !== originOf(entry.endpoint)) {
      fail(
        'invalid_input',
        `A stored key is only sent to the server it was entered for (${originOf(entry.endpoint)}). Enter the key again to use another server.`,
        { field: 'key' },
      )
    }
  }

  /** Replaces the key explicitly; what the old key could do says nothing about the new one. */
  async setKey(ref: string, key: string, proof?: string): Promise<ProjectView> {
    const entry = this.editable(ref)
    this.logger.addSecret(key)
    await this.requireProof(entry, loweringOf(entry, { key: true }), proof)
    await this.secrets.set(ref, key)
    this.clients.delete(ref)
    this.registry.update(ref, UNCHECKED)
    return this.check(ref)
  }

  /** Leaves the project without a key; on a guarded one whose key is accepted, only with it typed as `proof`. */
  async deleteKey(ref: string, proof?: string): Promise<ProjectView> {
    const entry = this.editable(ref)
    await this.requireProof(entry, loweringOf(entry, { deleteKey: true }), proof)
    await this.secrets.delete(ref)
    this.clients.delete(ref)
    this.registry.update(ref, UNCHECKED)
    this.noKey(ref)
    return this.emit(ref)
  }

  async remove(ref: string, confirm?: string, proof?: string): Promise<{ removed: string }> {
    const entry = this.editable(ref)
    checkRemoval(entry, confirm)
    await this.requireProof(entry, loweringOf(entry, { remove: true }), proof)
    // The key goes first: if the keychain refuses, the project stays so the removal can be retried
    // rather than leaving an orphaned key behind. With the keychain out this run, the key deleted is
    // memory's, and the one stored stays there: it is written down, to go when the keychain answers.
    await this.secrets.delete(entry.id)
    if (this.secrets.state?.available === false) this.keysToForget.add(entry.id)
    this.registry.remove(ref)
    this.templates.set(ref, null)
    this.clients.delete(ref)
    this.reach.forget(ref)
    this.logger.info('project removed', { project: ref })
    return { removed: ref }
  }

  /**
   * Deletes the stored keys of projects removed while an earlier run's keychain was out (see
   * `KeysToForget`); the host calls it once this run's keychain has answered.
   */
  async forgetRemovedKeys(): Promise<void> {
    if (this.secrets.kind !== 'keychain') return
    await this.keysToForget.forget(this.secrets, (account) => this.stored.find(account) !== undefined)
  }

  async reorder(order: readonly string[]): Promise<ProjectView[]> {
    // The registry keeps only its own entries' order; the demo stays first.
    this.registry.reorder(order)
    return this.list()
  }

  private noKey(ref: string, message = NO_KEY_MESSAGE): void {
    this.reach.set(ref, { state: 'error', code: 'key_missing', message })
  }

  /** Tests the connection and records what the key may do. Never throws for a failed connection. */
  async check(ref: string): Promise<ProjectView> {
    const { source } = this.located(ref)
    let key: string | null
    try {
      // First: getting the demo's key starts its server, which gives its entry an address.
      key = await source.key(ref)
    } catch (err) {
      if (!(err instanceof AppErrorException)) throw err
      this.reach.set(ref, { state: 'error', code: err.error.code, message: err.error.message })
      return this.emit(ref)
    }
    if (!key) {
      this.noKey(ref, source.missingKeyMessage())
      return this.emit(ref)
    }
    const entry = this.entry(ref)
    this.reach.checking(ref)
    void this.emit(ref).catch(() => undefined)
    const report = await this.test({ endpoint: entry.endpoint, projectId: entry.projectId, key })
    // The project may have been removed, moved or given another key while the check ran: its answer
    // no longer applies. Recording it anyway would let a key set meanwhile pass as accepted.
    const now = this.find(ref)?.entry
    if (!now || now.endpoint !== entry.endpoint || now.projectId !== entry.projectId) return this.viewOf(ref)
    if ((await source.key(ref).catch(() => null)) !== key) return this.viewOf(ref)
    if (report.ok) source.recordCheck(ref, { scopes: report.scopes, server: report.server })
    else if (refusesKey(report)) source.recordRefusal(ref)
    this.reach.record(ref, report)
    return this.emit(ref)
  }

  /** The add/edit form's "Test connection": the address typed, with a new key or the stored one. */
  async testDraft(draft: ParsedInput<'projects.test'>): Promise<ConnectionReport> {
    let key = draft.key
    if (key === undefined && draft.project !== undefined) {
      const entry = this.editable(draft.project)
      this.keyStaysWith(entry, normaliseEndpoint(draft.endpoint))
      key = (await this.stored.key(entry.id)) ?? undefined
    }
    if (!key)
      fail('key_missing', 'No key is stored for this project yet. Paste one to test.', { field: 'key' })
    return this.test({ endpoint: draft.endpoint, projectId: draft.projectId, key })
  }

  async test(connection: Connection): Promise<ConnectionReport> {
    this.logger.addSecret(connection.key)
    return checkConnection(
      { ...connection, endpoint: normaliseEndpoint(connection.endpoint) },
      this.checkTimeoutMs,
    )
  }

  /** The project's sign-in link template (a setting of Userdeck's, not of the Appwrite project); null when none. */
  linkTemplate(ref: string): string | null {
    this.entry(ref)
    return this.templates.get(ref)
  }

  setLinkTemplate(ref: string, template: string | null): void {
    this.entry(ref)
    this.templates.set(ref, template)
  }

  exportDefinitions(): { json: string; count: number } {
    const entries = this.registry.all()
    return { json: exportDefinitions(entries, (ref) => this.templates.get(ref)), count: entries.length }
  }

  /** Adds each definition not already present; none comes with a key, so each asks for one. */
  async importDefinitions(text: string): Promise<ImportReport> {
    const added: ProjectEntry[] = []
    const skipped: ImportReport['skipped'] = []
    for (const definition of parseDefinitions(text)) {
      const endpoint = normaliseEndpoint(definition.endpoint)
      const same = this.entries().find((e) => e.endpoint === endpoint && e.projectId === definition.projectId)
      if (same) {
        skipped.push({ name: definition.name, reason: `Already here as "${same.name}".` })
        continue
      }
      const { signInLink, ...fields } = definition
      const entry = this.newEntry({ ...fields, name: this.freeName(definition.name) })
      this.registry.add(entry)
      if (signInLink) this.templates.set(entry.id, signInLink)
      this.noKey(entry.id)
      added.push(entry)
    }
    return { added: await Promise.all(added.map((e) => this.view(e))), skipped }
  }

  private freeName(name: string): string {
    const taken = new Set(this.entries().map((e) => e.name.toLowerCase()))
    if (!taken.has(name.toLowerCase())) return name
    for (let n = 2; ; n++) {
      const candidate = `${name.slice(0, 58)} (${n})`
      if (!taken.has(candidate.toLowerCase())) return candidate
    }
  }

  /**
   * A project named by URL for one run (the CLI's `--endpoint --project-id --key-env`): usable by
   * every service through its ref like a stored one, but never written to the registry or keychain.
   */
  registerAdhoc(connection: Connection): string {
    this.logger.addSecret(connection.key)
    return this.adhoc.add({ ...connection, endpoint: normaliseEndpoint(connection.endpoint) })
  }

  /** For a project named by its address (not stored): that address, so a later run can name it again. */
  adhocConnection(ref: string): ProjectConnection | null {
    return this.adhoc.connectionOf(ref)
  }

  /**
   * Where a stored project points now; null for the demo and ad-hoc ones, which cannot be pointed
   * elsewhere (the demo's port changes from run to run, an ad-hoc ref is its address).
   */
  placeOf(ref: string): ProjectConnection | null {
    const { source, entry } = this.located(ref)
    return source.fixed === null ? { endpoint: entry.endpoint, projectId: entry.projectId } : null
  }

  /**
   * Refuses unless the project still points at `place`: rows read, planned or changed there go back
   * only there. Pointing a project elsewhere needs no proof when nothing it guards is reachable (see
   * guard-proof.ts), so without this a page could point it at its own server and have them sent there.
   * `was` says what happened at `place` ("This was planned for"), `rule` what to do about it.
   */
  checkPlace(ref: string, place: ProjectConnection | null | undefined, was: string, rule: string): void {
    if (!place) return
    const now = this.placeOf(ref)
    if (now?.endpoint === place.endpoint && now.projectId === place.projectId) return
    const where = (p: ProjectConnection) => `${p.endpoint} (project ${p.projectId})`
    fail(
      'conflict',
      `${was} ${where(place)}, and "${this.entry(ref).name}" points at ${now ? where(now) : 'another server'} now. ${rule}`,
      { project: ref },
    )
  }

  /** The write guard (see `write-guard.ts`) applied to the project as it stands now. */
  guardWrite(ref: string, intent: WriteIntent = {}): ProjectEntry {
    const entry = this.entry(ref)
    checkWrite(entry, intent)
    return entry
  }

  /** The project's client for a write: the write guard first, so a refused write asks nothing of the server. */
  resolveForWrite(ref: string, intent: WriteIntent = {}): Promise<ResolvedProject> {
    this.guardWrite(ref, intent)
    return this.resolve(ref)
  }

  async resolve(ref: string): Promise<ResolvedProject> {
    const { source } = this.located(ref)
    const key = await source.key(ref)
    // Read after the key: the demo's entry has its address once its server has started.
    const entry = this.entry(ref)
    if (!key) fail('key_missing', `"${entry.name}": ${source.missingKeyMessage()}`)
    this.logger.addSecret(key)
    let cached = this.clients.get(ref)
    if (!cached || cached.key !== key) {
      const clients = watchCalls(
        createAppwriteClients({ endpoint: entry.endpoint, projectId: entry.projectId, key }),
        () => this.noticeFailure(ref),
      )
      cached = { key, clients, server: null }
      this.clients.set(ref, cached)
    }
    const held = cached
    const known = entry.server
    return {
      entry,
      demo: source.demo,
      keyLastFour: source.lastFour(key),
      place: this.placeOf(ref),
      connection: this.adhocConnection(ref),
      clients: held.clients,
      // A project not checked yet (one named for a single command, say) is asked only when needed:
      // most requests mean the same to every release, and the question costs a round trip.
      server: () =>
        known
          ? Promise.resolve(known)
          : (held.server ??= readServer(
              { endpoint: entry.endpoint, projectId: entry.projectId },
              this.checkTimeoutMs,
            )),
    }
  }

  /**
   * A call failed in a way that says the project changed (offline, key revoked, scope removed):
   * check it again so its view, its scopes and the write guard catch up. At most one such check a
   * project per interval, so a failing bulk job does not turn into a storm of probes.
   */
  private noticeFailure(ref: string): void {
    const state = this.reach.get(ref).state
    const last = this.failureChecks.get(ref) ?? 0
    if (state === 'checking' || Date.now() - last < FAILURE_CHECK_INTERVAL_MS) return
    this.failureChecks.set(ref, Date.now())
    void this.check(ref).catch(() => undefined)
  }

  /** Ends the projects' connections too: the host calls it once no job is left to call through them. */
  close(): void {
    this.reach.close()
    this.listeners.clear()
    for (const { clients } of this.clients.values()) void closeAppwriteClients(clients)
    this.clients.clear()
  }

  /**
   * Tells the listeners how the project stands now. A project's views go out in the order asked: a
   * keychain may answer its reads out of turn, and an older view delivered last would stay on screen.
   */
  private emit(ref: string): Promise<ProjectView> {
    const deliver = async () => {
      const view = await this.viewOf(ref)
      for (const listener of this.listeners) listener(view)
      return view
    }
    const next = (this.emitting.get(ref) ?? Promise.resolve()).then(deliver, deliver)
    this.emitting.set(ref, next)
    const forget = () => {
      if (this.emitting.get(ref) === next) this.emitting.delete(ref)
    }
    next.then(forget, forget)
    return next
  }
}

function originOf(endpoint: string): string {
  return URL.canParse(endpoint) ? new URL(endpoint).origin : endpoint
}
