import { Option, type Command } from 'commander'
import { AppErrorException, fail, type AppError } from '@shared/errors'
import type { Channel, Input, Output } from '@shared/contract'
import type { KeptAsideFile } from '@shared/models'
import { createHost, type Host, defaultDataDir, DEMO_PROJECT_REF, type RunningProbe } from '../host'
import { formatError, shellWord, type Io } from './output'
import { inFlagTerms } from './flag-errors'

export interface GlobalOptions {
  dataDir?: string
  json?: boolean
}

/** What `withProjectOptions` adds to a command's options. */
export interface ProjectOptions {
  project?: string
  endpoint?: string
  projectId?: string
  keyEnv?: string
  allowInsecureHttp?: boolean
}

/**
 * Gives a project-scoped command its way to name the project: a stored one (`--project`, by name or
 * id; the demo when omitted, unless `demoByDefault` is off), or one a script names by URL
 * (`--endpoint --project-id --key-env`).
 * Pair it with `ctx.resolveProject(opts)` in the action:
 *
 *   withProjectOptions(users.command('list'))
 *     .action(async (opts: ProjectOptions & {…}) => {
 *       const project = await ctx.resolveProject(opts)
 *       await ctx.call('users.list', { project, … })
 *     })
 */
export function withProjectOptions(command: Command, { demoByDefault = true } = {}): Command {
  return command
    .option(
      '-p, --project <name|id>',
      `a stored project, by name or id (${demoByDefault ? 'default: the demo project' : 'this or --endpoint is required'})`,
    )
    .option(
      '--endpoint <url>',
      'a project not stored in Userdeck: its endpoint (with --project-id, --key-env)',
    )
    .option('--project-id <id>', 'with --endpoint: the Appwrite project id')
    .option('--key-env <VAR>', 'with --endpoint: the environment variable that holds the API key')
    .option(
      '--allow-insecure-http',
      'with --endpoint: accept plain http:// to another machine (key unencrypted)',
    )
}

/**
 * `--confirm NAME` on a command that writes: the project's name, which a production project (for what
 * cannot be taken back) and a project whose safe mode asks before every write both require.
 */
export function confirmOption(): Option {
  return new Option(
    '--confirm <projectName>',
    "the project's name: required on production, and on a project that asks before every write",
  )
}

export const withConfirmOption = (command: Command): Command => command.addOption(confirmOption())

/** A flag's number, as typed: the contract checks its range and names the flag when it is wrong. */
export const int = (value: string): number => Number.parseInt(value, 10)

/** The request's `confirm`, present only when `--confirm` was given. */
export const confirmOf = (opts: { confirm?: string }): { confirm?: string } =>
  opts.confirm !== undefined ? { confirm: opts.confirm } : {}

/** The `--proof-env` option's help: lowering a guard, or reading hashes out of a guarded project. */
export const PROOF_HELP =
  "the project's stored API key, from this variable, where the change lowers a guard or reads its password hashes (else piped on standard input)"

/**
 * What every command gets: the host (started lazily: `--help` needs none), a typed `call` that goes
 * through the same dispatcher and validation as the window, and output that is human or JSON.
 */
export class CliContext {
  private host: Host | null = null
  /** The command being run, so a contract's refusal can name the flag that fed it. */
  command: Command | null = null
  exitCode = 0
  /** Set at a Ctrl-C that stopped a job this command followed: it then exits 130, as shells expect. */
  interrupted = false

  /**
   * @param keychain the keychain's probe, started as the command did where it reads stored keys; without
   * one, the host asks the keychain only when a key is first needed (the demo, a project named by URL
   * and jobs may never need one).
   */
  constructor(
    readonly io: Io,
    private readonly globals: () => GlobalOptions,
    private readonly keychain?: RunningProbe,
  ) {}

  get json(): boolean {
    return this.globals().json === true
  }

  get dataDir(): string {
    return this.globals().dataDir ?? defaultDataDir(this.io.env)
  }

  async getHost(): Promise<Host> {
    if (!this.host) {
      const host = await createHost({
        dataDir: this.dataDir,
        shell: 'cli',
        keychainOnDemand: true,
        ...(this.keychain ? { startedProbe: this.keychain } : {}),
      })
      this.host = host
      await this.warnOfKeptAside(host)
    }
    return this.host
  }

  /**
   * Each data file found damaged is said on stderr, once: those set aside as the host opened, then any
   * found while the command runs (a job's record, read at every list). The command goes on without it.
   */
  private async warnOfKeptAside(host: Host): Promise<void> {
    const said = new Set<string>()
    const warn = ({ held, keptAs }: KeptAsideFile) => {
      if (said.has(keptAs)) return
      said.add(keptAs)
      // `held` is written to start the window's sentence; here it follows "warning:".
      const what = held.charAt(0).toLowerCase() + held.slice(1)
      this.io.err(
        `warning: ${what} could not be read and was set aside as ${keptAs}; Userdeck goes on without it`,
      )
    }
    host.events.subscribe((event, payload) => {
      if (event === 'app.keptAside') warn(payload as KeptAsideFile)
    })
    const info = await host.dispatch('app.info', {})
    if (info.ok) (info.value as Output<'app.info'>).keptAside.forEach(warn)
  }

  async call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const host = await this.getHost()
    const result = await host.dispatch(channel, input)
    if (!result.ok) throw new AppErrorException(await this.inCliTerms(result.error))
    return result.value as Output<C>
  }

  /**
   * A refusal in the terms of the command line: a field by the flag that fed it, a confirmation the
   * host asks for as the `--confirm` this command takes (with the project's name to type), an undo
   * refused for a later change as the `--force` that makes it anyway, and a value someone has as the
   * command that shows who.
   */
  private async inCliTerms(error: AppError): Promise<AppError> {
    // A taken email, phone or id: the command that shows who has it.
    if (error.holder) {
      const show = ['userdeck', 'users', 'get', error.holder, ...this.projectFlags()].map(shellWord)
      return { ...error, message: `${error.message} See who: ${show.join(' ')}` }
    }
    // An undo the host refused so as not to overwrite a later change: this command's way past it.
    if (error.field === 'force' && this.command?.options.some((o) => o.long === '--force'))
      return { ...error, message: `${error.message} Add --force to undo it anyway.` }
    if (error.code !== 'confirmation_required' || !this.command?.options.some((o) => o.long === '--confirm'))
      return inFlagTerms(error, this.command)
    const host = await this.getHost()
    // The project the refusal names, else the one the command named, else (`jobs start ID`) the job's,
    // whose view carries the project's name as it is now.
    const named = error.project ?? this.command.opts<ProjectOptions>().project
    const jobId = this.command.parent?.name() === 'jobs' ? this.command.args[0] : undefined
    let name: string | null = null
    if (named) {
      const found = await host.dispatch('projects.find', { nameOrId: named })
      if (found.ok) name = (found.value as Output<'projects.find'>).name
    } else if (jobId) {
      const job = await host.dispatch('jobs.get', { jobId })
      if (job.ok) name = (job.value as Output<'jobs.get'>).projectName
    }
    const flag = name ? `--confirm ${shellWord(name)}` : "--confirm with the project's name"
    return { ...error, message: `${error.message} Add ${flag}.` }
  }

  /** The flags by which this command named its project, to name the same one in a command it suggests. */
  private projectFlags(): string[] {
    const opts = this.command?.opts<ProjectOptions>() ?? {}
    if (opts.project) return ['--project', opts.project]
    if (!opts.endpoint) return []
    return [
      '--endpoint',
      opts.endpoint,
      ...(opts.projectId ? ['--project-id', opts.projectId] : []),
      ...(opts.keyEnv ? ['--key-env', opts.keyEnv] : []),
      ...(opts.allowInsecureHttp ? ['--allow-insecure-http'] : []),
    ]
  }

  /**
   * Sends a request that may need a guarded project's stored key as `proof` (lowering a guard, reading
   * hashes out of it): from the variable `--proof-env` names, else, only once the host asks for it,
   * from standard input when that is piped and free. Never from an argument.
   */
  async callWithProof<C extends Channel>(
    channel: C,
    input: Input<C>,
    proof: { env?: string | undefined; stdinFree: boolean },
  ): Promise<Output<C>> {
    const withProof = (key: string) => ({ ...input, proof: key }) as Input<C>
    if (proof.env) return this.call(channel, withProof(this.keyFromEnv(proof.env)))
    try {
      return await this.call(channel, input)
    } catch (err) {
      if (!(err instanceof AppErrorException) || err.error.code !== 'proof_required' || !err.error.project)
        throw err
      const piped = proof.stdinFree ? (await this.io.readStdin()).trim() : ''
      if (!piped)
        fail(
          'proof_required',
          `${err.error.message} Name a variable that holds it with --proof-env${proof.stdinFree ? ', or pipe it on standard input' : ''}.`,
          { field: 'proof' },
        )
      return this.call(channel, withProof(piped))
    }
  }

  /** A stored project's ref from its id or name (exact, then ignoring case). */
  async projectRef(nameOrId: string): Promise<string> {
    try {
      return (await this.call('projects.find', { nameOrId })).id
    } catch (err) {
      if (err instanceof AppErrorException && err.error.code === 'not_found')
        fail('not_found', `${err.error.message} \`userdeck projects list\` shows them.`)
      throw err
    }
  }

  /**
   * The ref a project-scoped command passes to `call`. With `--endpoint`, the project lives for this
   * run only: registered in memory with the key read from the named variable, never stored.
   */
  async resolveProject(opts: ProjectOptions): Promise<string> {
    if (opts.endpoint === undefined && opts.projectId === undefined && opts.keyEnv === undefined) {
      return opts.project === undefined ? DEMO_PROJECT_REF : this.projectRef(opts.project)
    }
    if (opts.project !== undefined) {
      fail('invalid_input', 'Use either --project or --endpoint/--project-id/--key-env, not both.', {
        field: 'project',
      })
    }
    if (!opts.endpoint || !opts.projectId || !opts.keyEnv) {
      fail(
        'invalid_input',
        'A project named by URL needs all three: --endpoint, --project-id and --key-env.',
        {
          field: opts.endpoint ? (opts.projectId ? 'keyEnv' : 'projectId') : 'endpoint',
        },
      )
    }
    const key = this.keyFromEnv(opts.keyEnv)
    const accepted = opts.allowInsecureHttp ? { allowInsecureHttp: true } : {}
    return (
      await this.call('projects.connect', {
        endpoint: opts.endpoint,
        projectId: opts.projectId,
        key,
        ...accepted,
      })
    ).id
  }

  /** A key from the named environment variable; keys are never taken from an argument. */
  keyFromEnv(variable: string): string {
    const key = this.io.env[variable]?.trim()
    if (!key)
      fail('invalid_input', `The environment variable ${variable} is empty or not set.`, { field: 'keyEnv' })
    return key
  }

  /** A key from `--key-env VAR` if given, else from standard input. */
  async readKey(keyEnv: string | undefined): Promise<string> {
    if (keyEnv) return this.keyFromEnv(keyEnv)
    const key = (await this.io.readStdin()).trim()
    if (!key) {
      fail(
        'invalid_input',
        'No API key given. Pipe it on standard input or name a variable with --key-env; it is never taken from an argument.',
        { field: 'key' },
      )
    }
    return key
  }

  /** JSON mode prints the value as one JSON document; human mode prints what `human` returns. */
  print<T>(value: T, human: (value: T) => string): void {
    this.io.out(this.json ? JSON.stringify(value, null, 2) : human(value))
  }

  /** `saidOnStderr`: the error is on stderr already, in commander's words; JSON mode still prints it. */
  fail(error: AppError, { saidOnStderr = false } = {}): void {
    this.exitCode = error.code === 'invalid_input' ? 2 : 1
    if (this.json) this.io.out(JSON.stringify({ error }, null, 2))
    else if (!saidOnStderr) this.io.err(formatError(error))
  }

  async close(): Promise<void> {
    // A probe no host took (the command ended before it needed one) is ended here.
    if (this.host) await this.host.close()
    else this.keychain?.stop()
  }
}
