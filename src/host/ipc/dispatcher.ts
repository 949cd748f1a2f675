import type { z } from 'zod'
import { channels, isChannel, type Channel, type Output, type ParsedInput } from '@shared/contract'
import { appError, type AppError, type Result } from '@shared/errors'
import { toAppError } from '../appwrite/errors'
import type { Logger } from '../logger'

export type Handler<C extends Channel> = (input: ParsedInput<C>) => Promise<Output<C>>
export type Handlers = { [C in Channel]: Handler<C> }
/** A feature's part of the table, so each feature module can be typed on its own. */
export type HandlersFor<M> = { [C in keyof M & Channel]: Handler<C> }

export type Dispatch = (channel: unknown, input: unknown) => Promise<Result<unknown>>

/**
 * The single entry every shell calls: checks the channel name, validates the input against the
 * contract, runs the handler and turns whatever it throws into an AppError. Nothing else reaches a
 * handler, and nothing but a Result leaves.
 */
export function createDispatcher(handlers: Handlers, logger?: Logger): Dispatch {
  return async (channel, input) => {
    if (!isChannel(channel)) {
      return {
        ok: false,
        error: appError('unknown_channel', `"${String(channel).slice(0, 80)}" is not a Userdeck channel.`),
      }
    }
    const parsed = channels[channel].input.safeParse(input)
    if (!parsed.success) return { ok: false, error: zodToAppError(channel, parsed.error) }
    try {
      const handler = handlers[channel] as (input: unknown) => Promise<unknown>
      return { ok: true, value: await handler(parsed.data) }
    } catch (err) {
      const error = toAppError(err)
      if (error.code === 'internal') logger?.error('handler failed', { channel, error: String(err) })
      return { ok: false, error }
    }
  }
}

function zodToAppError(channel: Channel, error: z.ZodError): AppError {
  const issue = error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined
  const where = field ? `"${field}"` : 'the input'
  const why = issue?.message ?? 'is not valid'
  return appError('invalid_input', `${channel}: ${where}: ${why}`, field ? { field } : {})
}
