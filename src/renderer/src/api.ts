/**
 * The only module that touches `window.userdeck`. Components call `call(...)`, which unwraps the
 * Result into a value or a thrown `AppErrorException`; tests can hand `setApi` a fake bridge.
 */
import type { Channel, UserdeckApi } from '@shared/contract'
import { AppErrorException, type AppError, type Result } from '@shared/errors'

let bridge: UserdeckApi = window.userdeck

export function setApi(fake: UserdeckApi): void {
  bridge = fake
}

export function api(): UserdeckApi {
  return bridge
}

/** A request as sent: what a confirmation dialog describes, and what is sent again once confirmed. */
export interface SentRequest {
  channel: Channel
  input: Record<string, unknown>
}

/**
 * Asks the person to confirm a write the host refused for want of it (a project whose safe mode asks
 * before every write); resolves to the confirmation to send, or null when they decline.
 */
export type Confirmer = (error: AppError, request: SentRequest, what?: string) => Promise<string | null>

let confirmer: Confirmer = async () => null

export function setConfirmer(ask: Confirmer): void {
  confirmer = ask
}

/**
 * Asks the person to type a guarded project's stored API key again, for a request the host refused
 * without it (lowering a guard, reading password hashes out); resolves to the key typed, or null
 * when they decline.
 */
export type Prover = (error: AppError, request: SentRequest) => Promise<string | null>

let prover: Prover = async () => null

export function setProver(ask: Prover): void {
  prover = ask
}

/** A wrong key may be typed again, a few times; after that the refusal stands. */
const MAX_ASKS = 4

type Method = (input: unknown) => Promise<Result<unknown>>

/**
 * The bridge as seen by one request, noting the last channel it calls and with what. The proxies
 * wrap empty objects, not the bridge: a frozen bridge (Electron's contextBridge) may not be proxied
 * into answering anything but its own values.
 */
function recording(onSend: (request: SentRequest) => void): UserdeckApi {
  return new Proxy({} as UserdeckApi, {
    get(_, ns: string) {
      const group = bridge[ns as keyof UserdeckApi]
      if (ns === 'on' || typeof group !== 'object') return group
      const methods = group as unknown as Record<string, Method>
      return new Proxy(
        {},
        {
          get(__, method: string) {
            const send = methods[method]
            if (typeof send !== 'function') return send
            return (input: unknown) => {
              onSend({
                channel: `${ns}.${method}` as Channel,
                input: (input ?? {}) as Record<string, unknown>,
              })
              return send(input)
            }
          },
        },
      )
    },
  })
}

function resend(request: SentRequest, answers: Record<string, string>): Promise<Result<unknown>> {
  const [ns, method] = request.channel.split('.') as [string, string]
  const group = bridge[ns as keyof UserdeckApi] as unknown as Record<string, Method>
  return group[method]!({ ...request.input, ...answers })
}

/** Which question a refusal asks, as the input field its answer goes in; null when it asks none. */
function question(error: AppError): 'confirm' | 'proof' | null {
  if (!error.project) return null
  if (error.code === 'confirmation_required') return 'confirm'
  if (error.code === 'proof_required' || error.code === 'proof_invalid') return 'proof'
  return null
}

/**
 * Sends a request. When the host answers that the project confirms every write, the person is
 * asked once (`what` says what will change, when the caller knows it better than the request does);
 * when it answers that the request needs the project's stored key, they are asked to type it. The
 * same request then goes again with the answer; the host checks it either way.
 */
export async function call<T>(request: (api: UserdeckApi) => Promise<Result<T>>, what?: string): Promise<T> {
  let sent: SentRequest | null = null
  let result = await request(recording((r) => (sent = r)))
  const asked = sent as SentRequest | null
  const answers: Record<string, string> = {}
  for (let round = 0; !result.ok && asked && round < MAX_ASKS; round++) {
    const field = question(result.error)
    if (!field) break
    const answer =
      field === 'confirm' ? await confirmer(result.error, asked, what) : await prover(result.error, asked)
    if (answer === null)
      throw new AppErrorException({
        code: 'cancelled',
        message:
          field === 'confirm' ? 'Not confirmed: nothing was changed.' : 'No key typed: nothing was changed.',
        retryable: false,
      })
    answers[field] = answer
    result = (await resend(asked, answers)) as Result<T>
  }
  if (!result.ok) throw new AppErrorException(result.error)
  return result.value
}

/** Whether a request ended because the person declined to confirm it: not a failure to report. */
export function declined(err: unknown): boolean {
  return errorOf(err).code === 'cancelled'
}

export function errorOf(err: unknown): AppError {
  if (err instanceof AppErrorException) return err.error
  return { code: 'internal', message: err instanceof Error ? err.message : String(err), retryable: false }
}
