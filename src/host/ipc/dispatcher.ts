import type { z } from 'zod'
import { channels, isChannel, type Channel, type Output, type ParsedInput } from '@shared/contract'
import { appError, type AppError, type Result } from '@shared/errors'
import { toAppError } from '../appwrite/errors'
import { inputRule } from './input-rule'
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
    // The contract's own messages win; where it has none, the issue gets a rule in plain words.
    const rules = new Set<string>()
    const parsed = channels[channel].input.safeParse(input, {
      error: (issue) => {
        const rule = inputRule(issue)
        if (rule) rules.add(rule)
        return rule
      },
    })
    if (!parsed.success) return { ok: false, error: invalidInput(channel, parsed.error, rules) }
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

/**
 * The first issue as an AppError. A rule reads after the field's name ("limit must be 500 or less.")
 * and travels on its own in `rule`; the contract's own messages are whole sentences, kept as they are
 * (`field` still names the field).
 */
function invalidInput(channel: Channel, error: z.ZodError, rules: ReadonlySet<string>): AppError {
  // Reading the issues is what runs the error map, so `rules` is filled from here on.
  const issue = error.issues[0]
  const field = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : undefined
  const rule = issue && rules.has(issue.message) ? issue.message : undefined
  // A refusal of the whole input is a caller's mistake, not a person's: it names the channel.
  if (!issue || !field)
    return appError(
      'invalid_input',
      `${channel}: ${rule ? `the input ${rule}.` : (issue?.message ?? 'the input is not valid.')}`,
    )
  if (rule) return appError('invalid_input', `${field} ${rule}.`, { field, rule })
  return appError('invalid_input', issue.message, { field })
}
