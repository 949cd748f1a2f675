/**
 * Builds every service and the handler table. No Electron here: the Electron window, the Chromium
 * shell and the CLI all serve this same table, so whatever a test proves through one holds for all.
 */
import type { KeychainState, Shell } from '@shared/models'
import { helpPages } from '@shared/contract/app'
import { EventBus } from './events'
import { makeDataDirPrivate } from './private-files'
import { logFilePath } from './paths'
import { APP_VERSION } from './version'
import { createDispatcher, type Dispatch, type Handlers } from './ipc/dispatcher'
import { createLogger, type Logger } from './logger'
import { KeptAside } from './kept-aside'
import { startDemoProject } from './demo/demo-project'
import { DemoSource } from './projects/demo-source'
import { ProjectRegistry } from './projects/registry'
import { KeysToForget } from './projects/keys-to-forget'
import { LinkTemplates } from './projects/link-templates'
import { ProjectsService } from './projects/projects-service'
import type { SecretStore } from './projects/secret-store'
import { probeKeychain, probesAtOnce, type ProbeOptions, type RunningProbe } from './projects/keychain-probe'
import { ProbedKeychain } from './projects/probed-keychain'
import { AuditLog } from './audit/audit-log'
import { UserWriter } from './users/user-writer'
import type { Core } from './core'
import { realTimers, type Timers } from './timers'
import { createProjectsFeature } from './projects'
import { createUsersFeature } from './users'
import { createJobsFeature } from './jobs'
import { createSessionsFeature } from './sessions'
import { createLabelsFeature } from './labels'
import { createImportFeature } from './import'
import { createSettingsFeature } from './settings'
import { createActivityFeature } from './audit'
import { createBulkFeature } from './bulk'
import { createStatsFeature } from './stats'
import { createAccessFeature } from './access'
import type { JobEngine } from './jobs/job-engine'
import type { UsersService } from './users/users-service'

/** What to do when another process holds the demo project, in each shell's own terms. */
const WINDOW_DEMO_BUSY =
  'It is free again once that process ends (a running `userdeck` command, say); then check the demo project again.'
const DEMO_BUSY: Record<Shell, string> = {
  cli: 'Close the Userdeck window or command that holds it, name another project with --project, or run with another --data-dir.',
  electron: WINDOW_DEMO_BUSY,
  chromium: WINDOW_DEMO_BUSY,
}

/** What to do about a project ref that names none, in each shell's own terms. */
const WINDOW_PROJECT_MISSING = 'It may have been removed; pick another in the switcher.'
const PROJECT_MISSING: Record<Shell, string> = {
  cli: '`userdeck projects list` shows the stored projects; name one by URL with --endpoint, --project-id and --key-env.',
  electron: WINDOW_PROJECT_MISSING,
  chromium: WINDOW_PROJECT_MISSING,
}

export interface HostOptions {
  dataDir: string
  shell: Shell
  /**
   * Defaults to the OS keychain, probed in the background in a child process (nothing waits for it
   * on the way to the window), falling back to memory, and saying why, when none answers.
   */
  secrets?: SecretStore
  /** How that probe runs: the Electron shell passes its utilityProcess; tests a probe of their own. */
  keychainProbe?: ProbeOptions
  /** Probe only when a key is first read or written, not with the host (the CLI). */
  keychainOnDemand?: boolean
  /**
   * A probe the shell started before it loaded the host (the CLI, as it starts, for a command that
   * reads stored keys): the host takes it as its keychain's probe and ends it when it closes.
   */
  startedProbe?: RunningProbe
  /**
   * Offer the embedded demo project (default true), optionally with the seed size for a new data
   * folder. Its server starts when something first uses it, not with the host.
   */
  demo?: boolean | { seed: number }
  logger?: Logger
  /** Opens an address in the system browser, where the shell has one. Only `helpPages` ever reach it. */
  openInBrowser?: (url: string) => Promise<void>
  /** The timers of background checks; tests drive them by hand. */
  timers?: Timers
}

/** What main pushes: a shell subscribes and forwards; only the host emits. */
export type HostEvents = Pick<EventBus, 'subscribe'>

/**
 * A host as a shell sees it: the contract (`dispatch`, `events`) and `close`, nothing else. What a
 * shell needs beyond that becomes a channel or an event, so the window can have it too.
 */
export interface Host {
  readonly dispatch: Dispatch
  readonly events: HostEvents
  close(): Promise<void>
}

/** The host with its parts in reach, for tests and benchmarks of those parts; never for a shell. */
export interface HostInternals extends Host {
  readonly dataDir: string
  readonly handlers: Handlers
  readonly events: EventBus
  readonly core: Core
  readonly services: { users: UsersService; jobs: JobEngine }
}

/**
 * The given store as it is, or the OS keychain probed in the background. The state's event goes out
 * when the probe answers, so a window that opened meanwhile shows the banner then. A probe already
 * started (by the shell, or by the host's entry before it loaded the host: see index.ts) is that one.
 */
function chooseSecretStore(
  options: HostOptions,
  events: EventBus,
  logger: Logger,
): {
  store: SecretStore
  keychain: () => KeychainState
  /** Settles true once the OS keychain has answered (never settles for a probe not started). */
  answered: Promise<boolean>
  close(): void
} {
  const { secrets: given, startedProbe: started } = options
  if (given) {
    started?.stop()
    const state: KeychainState = {
      checking: false,
      available: given.kind === 'keychain',
      reason: null,
      message: null,
    }
    return {
      store: given,
      keychain: () => state,
      answered: Promise.resolve(state.available),
      close: () => undefined,
    }
  }
  const probed = new ProbedKeychain(() => started ?? probeKeychain(options.keychainProbe))
  // A window shows the keychain's state in its banner, so it asks at once; a command asks when it
  // first needs a key, and most never do.
  if (started || probesAtOnce(options)) void probed.start()
  void probed.settled.then((state) => {
    if (!state.available)
      logger.warn('keychain unavailable', { reason: state.reason, message: state.message })
    events.emit('app.keychain', state)
  })
  return {
    store: probed,
    keychain: () => probed.state,
    answered: probed.settled.then((state) => state.available),
    close: () => probed.close(),
  }
}

export async function createHost(options: HostOptions): Promise<Host> {
  const { dispatch, events, close } = await createHostInternals(options)
  // A shell listens; only the host's own services emit.
  return { dispatch, events: { subscribe: (listener) => events.subscribe(listener) }, close }
}

export async function createHostInternals(options: HostOptions): Promise<HostInternals> {
  const { dataDir, shell } = options
  makeDataDirPrivate(dataDir)
  const logger = options.logger ?? createLogger({ file: logFilePath(dataDir) })
  const events = new EventBus()
  const {
    store: secrets,
    keychain,
    answered,
    close: stopKeychain,
  } = chooseSecretStore(options, events, logger)

  const demo =
    options.demo === false
      ? null
      : new DemoSource(
          () =>
            startDemoProject(dataDir, {
              seed: typeof options.demo === 'object' ? options.demo.seed : undefined,
              whenBusy: DEMO_BUSY[shell],
            }),
          (key) => logger.addSecret(key),
        )

  const keptAside = new KeptAside(logger, events)
  const registry = new ProjectRegistry(dataDir, keptAside.recorder('The list of projects'))
  const templates = new LinkTemplates(dataDir, keptAside.recorder('The sign-in link templates'))
  const keysToForget = new KeysToForget(dataDir, keptAside.recorder('The keys left to delete'))
  const projectsService = new ProjectsService(registry, templates, keysToForget, secrets, logger, demo, {
    whenMissing: PROJECT_MISSING[shell],
  })
  void answered.then(async (available) => {
    if (!available) return
    await projectsService
      .forgetRemovedKeys()
      .catch((err: unknown) => logger.warn('removed keys not deleted', { error: String(err) }))
  })
  const audit = new AuditLog(dataDir)
  const core: Core = {
    dataDir,
    shell,
    logger,
    events,
    projects: projectsService,
    audit,
    writer: new UserWriter(projectsService, audit),
    keptAside,
    timers: options.timers ?? realTimers,
  }

  const jobs = createJobsFeature(core)
  const projects = createProjectsFeature(core)
  const users = createUsersFeature(core)
  const sessions = createSessionsFeature(core, jobs.engine)
  const stats = createStatsFeature(core)
  const labels = createLabelsFeature(core, jobs.engine, stats.labelCounts)
  const imports = createImportFeature(core, jobs.engine)
  const bulk = createBulkFeature(core, jobs.engine, secrets)
  const activity = createActivityFeature(core, jobs.engine, bulk.restorer)
  const access = createAccessFeature(core)
  const settings = createSettingsFeature(core)
  const features = [projects, users, sessions, labels, imports, bulk, activity, access, settings, stats, jobs]

  // Spelled out rather than folded, so the compiler proves every contract channel has its handler.
  const handlers: Handlers = {
    'app.info': async () => ({
      version: APP_VERSION,
      shell,
      dataDir,
      keychain: keychain(),
      keptAside: keptAside.list(),
    }),
    'app.openHelp': async ({ topic }) => {
      const url = helpPages[topic]
      if (!options.openInBrowser) return { url, opened: false }
      await options.openInBrowser(url)
      return { url, opened: true }
    },
    ...projects.handlers,
    ...users.handlers,
    ...sessions.handlers,
    ...labels.handlers,
    ...imports.handlers,
    ...bulk.handlers,
    ...stats.handlers,
    ...activity.handlers,
    ...access.handlers,
    ...settings.handlers,
    ...jobs.handlers,
  }

  return {
    dataDir,
    handlers,
    dispatch: createDispatcher(handlers, logger),
    events: core.events,
    core,
    services: { users: users.service, jobs: jobs.engine },
    async close() {
      stopKeychain()
      // Last made, first closed: the jobs stop (their rows' calls end) before the projects close the
      // connections those calls go over.
      for (const f of [...features].reverse()) await f.close?.()
      await demo?.close()
    },
  }
}
