/**
 * Finds out whether the OS keychain answers, in a child process and within a time limit, so that a
 * keychain that hangs or crashes (keytar can SIGSEGV when gnome-keyring must prompt and cannot) ends
 * only the probe, never the app or the CLI. Nothing waits for it on the way to the first window.
 */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { KeychainFailure } from '@shared/models'
import { KEYCHAIN_SERVICE } from './secret-store'

/** How long the keychain has to answer, from the moment the probe asks it. */
export const KEYCHAIN_PROBE_TIMEOUT_MS = 2_000
/**
 * How long the probe's process has to start and load keytar before it asks: a busy machine can take
 * seconds to start a process, which says nothing about the keychain.
 */
export const PROBE_START_TIMEOUT_MS = 15_000

/** What the probe's process sends: that it is asking now, then its answer. */
export type ProbeAnswer =
  | { asking: true }
  | { ok: true }
  | { ok: false; reason: Extract<KeychainFailure, 'no_service' | 'unloadable'>; detail: string }

export type ProbeOutcome =
  { available: true } | { available: false; reason: KeychainFailure; detail: string | null }

/** The probe's script: plain JavaScript, so its runtime needs no loader flags to run it. */
export interface ProbeScript {
  path: string
}

/**
 * Whether a host probes the keychain as it starts: it has no store given, and it was not asked to wait
 * until a key is first needed (the CLI, for a command that may never need one).
 */
export function probesAtOnce(options: { secrets?: unknown; keychainOnDemand?: boolean }): boolean {
  return options.secrets === undefined && !options.keychainOnDemand
}

/** A running probe, whatever started it. */
export interface ProbeChild {
  onMessage(listener: (message: unknown) => void): void
  /** `signal` where the runtime reports one (node does; Electron reports only a code). */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(): void
}

/**
 * Starts the probe's process: node's fork in the host (the CLI, the Chromium shell); the Electron
 * shell passes one over utilityProcess.
 */
export type SpawnProbe = (script: ProbeScript, args: string[]) => ProbeChild

export const forkProbe: SpawnProbe = (script, args) => {
  // No inherited flags: a parent run through a TypeScript loader would make the probe load it too. And
  // no extra CA certificates: the probe makes no TLS connection, and reading them took about a third
  // of its start on a machine that sets NODE_EXTRA_CA_CERTS.
  const { NODE_EXTRA_CA_CERTS: _unused, ...env } = process.env
  const child = fork(script.path, args, { execArgv: [], stdio: 'ignore', env })
  // A failed start ends in 'exit' too; without a listener, 'error' would throw in the app.
  child.on('error', () => undefined)
  return {
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.on('exit', listener),
    kill: () => void child.kill('SIGKILL'),
  }
}

/**
 * The probe's script as this build placed it: beside this module when it runs from source, else the
 * bundle's own `keychain-probe` file, beside the bundle or one folder up from a chunk.
 */
export function findProbeScript(): ProbeScript {
  const candidates = [
    './keychain-probe-child.mjs',
    './keychain-probe.mjs',
    './keychain-probe.js',
    '../keychain-probe.mjs',
    '../keychain-probe.js',
  ]
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url))
    if (existsSync(path)) return { path }
  }
  throw new Error(`the keychain probe's script is missing beside ${fileURLToPath(import.meta.url)}`)
}

export interface ProbeOptions {
  spawn?: SpawnProbe
  script?: ProbeScript
  /** The keychain's time to answer (default KEYCHAIN_PROBE_TIMEOUT_MS). */
  timeoutMs?: number
  /** The process's time to start and ask (default PROBE_START_TIMEOUT_MS). */
  startTimeoutMs?: number
  service?: string
}

/** A probe under way: its outcome, and a way to stop waiting (the host closing). */
export interface RunningProbe {
  outcome: Promise<ProbeOutcome>
  stop(): void
}

function isProbeAnswer(message: unknown): message is ProbeAnswer {
  if (typeof message !== 'object' || message === null) return false
  const m = message as Record<string, unknown>
  return (
    m.asking === true ||
    m.ok === true ||
    (m.ok === false &&
      (m.reason === 'no_service' || m.reason === 'unloadable') &&
      typeof m.detail === 'string')
  )
}

export function probeKeychain(options: ProbeOptions = {}): RunningProbe {
  const timeoutMs = options.timeoutMs ?? KEYCHAIN_PROBE_TIMEOUT_MS
  const startTimeoutMs = options.startTimeoutMs ?? PROBE_START_TIMEOUT_MS
  let settle: (outcome: ProbeOutcome) => void = () => undefined
  const outcome = new Promise<ProbeOutcome>((resolve) => {
    let child: ProbeChild | null = null
    let settled = false
    settle = (result) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child?.kill()
      resolve(result)
    }
    let timer = setTimeout(
      () =>
        settle({
          available: false,
          reason: 'timed_out',
          detail: `its process did not start within ${startTimeoutMs / 1000} s`,
        }),
      startTimeoutMs,
    )
    try {
      child = (options.spawn ?? forkProbe)(options.script ?? findProbeScript(), [
        options.service ?? KEYCHAIN_SERVICE,
      ])
    } catch (err) {
      settle({
        available: false,
        reason: 'unloadable',
        detail: err instanceof Error ? err.message : String(err),
      })
      return
    }
    child.onMessage((message) => {
      if (!isProbeAnswer(message)) return
      if ('asking' in message) {
        clearTimeout(timer)
        timer = setTimeout(() => settle({ available: false, reason: 'timed_out', detail: null }), timeoutMs)
        return
      }
      settle(
        message.ok
          ? { available: true }
          : { available: false, reason: message.reason, detail: message.detail },
      )
    })
    child.onExit((code, signal) =>
      settle({
        available: false,
        reason: 'crashed',
        detail: signal ? `it ended with ${signal}` : `it ended with exit code ${code ?? 'unknown'}`,
      }),
    )
  })
  return {
    outcome,
    stop: () => settle({ available: false, reason: 'timed_out', detail: 'the app closed first' }),
  }
}
