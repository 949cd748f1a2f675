import type { z } from 'zod'

/**
 * A channel is an input schema (validated in main) and an output type (a phantom: it exists only for
 * the compiler, so the output is declared once, here, and every side derives it).
 */
export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I
  readonly output?: O
}

export function channel<O>() {
  return <I extends z.ZodType>(input: I): ChannelDef<I, O> => ({ input })
}

/** An event main pushes to the renderer; the payload is a phantom type like a channel's output. */
export interface EventDef<P = unknown> {
  readonly payload?: P
}

export function event<P>(): EventDef<P> {
  return {}
}
