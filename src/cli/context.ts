import { AppErrorException, type AppError } from '@shared/errors'
import type { Channel, Input, Output } from '@shared/contract'
import { createHost, type Host } from '../main/host'
import { defaultDataDir } from '../main/paths'
import { formatError, type Io } from './output'

export interface GlobalOptions {
  dataDir?: string
  json?: boolean
}

/**
 * What every command gets: the host (started lazily: `--help` needs none), a typed `call` that goes
 * through the same dispatcher and validation as the window, and output that is human or JSON.
 */
export class CliContext {
  private host: Host | null = null
  exitCode = 0

  constructor(
    readonly io: Io,
    private readonly globals: () => GlobalOptions,
  ) {}

  get json(): boolean {
    return this.globals().json === true
  }

  get dataDir(): string {
    return this.globals().dataDir ?? defaultDataDir(this.io.env)
  }

  async getHost(): Promise<Host> {
    this.host ??= await createHost({ dataDir: this.dataDir, shell: 'cli' })
    return this.host
  }

  async call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const host = await this.getHost()
    const result = await host.dispatch(channel, input)
    if (!result.ok) throw new AppErrorException(result.error)
    return result.value as Output<C>
  }

  /** JSON mode prints the value as one JSON document; human mode prints what `human` returns. */
  print<T>(value: T, human: (value: T) => string): void {
    this.io.out(this.json ? JSON.stringify(value, null, 2) : human(value))
  }

  fail(error: AppError): void {
    this.exitCode = error.code === 'invalid_input' ? 2 : 1
    if (this.json) this.io.out(JSON.stringify({ error }, null, 2))
    else this.io.err(formatError(error))
  }

  async close(): Promise<void> {
    await this.host?.close()
  }
}
