import type { KeychainFailure, KeychainState } from '@shared/models'
import { KEYCHAIN_PROBE_TIMEOUT_MS, type ProbeOutcome, type RunningProbe } from './keychain-probe'
import { loadKeytarStore } from './keytar-store'
import { MemorySecretStore, type SecretStore } from './secret-store'

export const KEYCHAIN_CHECKING: KeychainState = {
  checking: true,
  available: false,
  reason: null,
  message: null,
}

const IN_MEMORY = 'Keys you enter are kept in memory for this run only and never written to disk.'

/** The one sentence for each way the keychain can be missing; the detail is the probe's own words. */
export function keychainMessage(reason: KeychainFailure, detail: string | null): string {
  const why = detail ? ` (${detail})` : ''
  const said: Record<KeychainFailure, string> = {
    crashed: `The keychain crashed while being checked${why}.`,
    timed_out: `The keychain did not answer within ${KEYCHAIN_PROBE_TIMEOUT_MS / 1000} s${why}.`,
    no_service: `No Secret Service or other OS keychain answered${why}.`,
    unloadable: `The keychain library could not load${why}.`,
  }
  return `${said[reason]} ${IN_MEMORY}`
}

function unavailable(reason: KeychainFailure, detail: string | null): KeychainState {
  return { checking: false, available: false, reason, message: keychainMessage(reason, detail) }
}

/**
 * The host's secret store while the keychain is probed in the background: usable at once, its calls
 * wait for the probe (at most its time limit), then go to the OS keychain, or to memory for this run
 * when the probe found none. Until then it counts as memory: nothing that must outlive the run (a
 * restore copy's key) is promised before the keychain is known.
 *
 * The probe starts with `start()`, or with the first call that needs the store: a CLI command that
 * never reads a key (a project named by URL, `--help`) never starts a keychain process at all.
 */
export class ProbedKeychain implements SecretStore {
  private current: SecretStore | null = null
  private known: KeychainState = KEYCHAIN_CHECKING
  private probe: RunningProbe | null = null
  private store: Promise<SecretStore> | null = null
  private announce: (state: KeychainState) => void = () => undefined
  /** Settles when the probe has answered and the store is chosen; never rejects. */
  readonly settled = new Promise<KeychainState>((resolve) => (this.announce = resolve))

  constructor(
    private readonly startProbe: () => RunningProbe,
    private readonly openKeytar: () => Promise<SecretStore> = loadKeytarStore,
  ) {}

  /** Starts the probe, once; every later call answers the same store. */
  start(): Promise<SecretStore> {
    if (this.store) return this.store
    const probe = (this.probe = this.startProbe())
    this.store = probe.outcome.then(async (outcome: ProbeOutcome) => {
      if (!outcome.available) {
        this.known = unavailable(outcome.reason, outcome.detail)
        return new MemorySecretStore()
      }
      try {
        const keytar = await this.openKeytar()
        this.known = { checking: false, available: true, reason: null, message: null }
        return keytar
      } catch (err) {
        this.known = unavailable('unloadable', err instanceof Error ? err.message : String(err))
        return new MemorySecretStore()
      }
    })
    void this.store.then((store) => {
      this.current = store
      this.announce(this.known)
    })
    return this.store
  }

  get state(): KeychainState {
    return this.known
  }

  get kind(): SecretStore['kind'] {
    return this.current?.kind ?? 'memory'
  }

  async ready() {
    await this.start()
  }
  async get(account: string) {
    return (await this.start()).get(account)
  }
  async set(account: string, secret: string) {
    return (await this.start()).set(account, secret)
  }
  async delete(account: string) {
    return (await this.start()).delete(account)
  }

  /** Stops waiting for a probe still out (the host is closing). */
  close(): void {
    this.probe?.stop()
  }
}
