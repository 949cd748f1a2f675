import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { channelNames, channels, eventNames, type Channel } from '@shared/contract'
import { validInputs } from '../contract-examples'
import { buildBridge } from '@shared/bridge'
import { isAppError } from '@shared/errors'
import { createDispatcher, type Handlers } from '../../../src/host/ipc/dispatcher'

function recordingHandlers() {
  const calls: { channel: Channel; input: unknown }[] = []
  const handlers = Object.fromEntries(
    channelNames.map((c) => [
      c,
      async (input: unknown) => (calls.push({ channel: c, input }), { echoed: true }),
    ]),
  ) as unknown as Handlers
  return { calls, handlers }
}

/** Values of every shape that are not plain objects, which no channel accepts as its input. */
const notAnObject = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.anything()),
)

/** The fields a channel's input schema declares (every channel's input is an object schema). */
function declaredKeys(channel: Channel): Set<string> {
  const shape = (channels[channel].input as { shape?: Record<string, unknown> }).shape
  return new Set(Object.keys(shape ?? {}))
}

/** Values of a JSON type other than the example's own, so no schema could accept them in its place. */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const strings = fc.string({ maxLength: 20 })
  const numbers = fc.oneof(fc.integer(), fc.double({ noNaN: true }))
  const objects = fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 3 })
  const arrays = fc.array(fc.integer(), { minLength: 1, maxLength: 3 })
  if (typeof value === 'string') return fc.oneof(numbers, objects, arrays, fc.boolean())
  if (typeof value === 'number') return fc.oneof(strings, objects, arrays, fc.boolean())
  if (typeof value === 'boolean') return fc.oneof(strings, numbers, objects, arrays)
  if (Array.isArray(value)) return fc.oneof(strings, numbers, objects, fc.boolean())
  return fc.oneof(strings, numbers, arrays, fc.boolean())
}

describe('the contract', () => {
  const { calls, handlers } = recordingHandlers()
  const dispatch = createDispatcher(handlers)

  it('passes every valid example through to its handler', async () => {
    for (const channel of channelNames) {
      const result = await dispatch(channel, validInputs[channel])
      expect(result, channel).toEqual({ ok: true, value: { echoed: true } })
    }
  })

  it.each(channelNames)('%s rejects inputs that are not objects with an AppError', async (channel) => {
    await fc.assert(
      fc.asyncProperty(notAnObject, async (input) => {
        const before = calls.length
        const result = await dispatch(channel, input)
        expect(result.ok).toBe(false)
        if (!result.ok) {
          expect(isAppError(result.error)).toBe(true)
          expect(result.error.code).toBe('invalid_input')
          expect(result.error.message).toContain(channel)
        }
        expect(calls.length).toBe(before)
      }),
      { numRuns: 200 },
    )
  })

  it.each(channelNames)('%s rejects unknown keys, including prototype-pollution keys', async (channel) => {
    const keys = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString'),
      fc.string({ minLength: 1 }),
    )
    await fc.assert(
      fc.asyncProperty(keys, fc.anything(), async (key, value) => {
        const example = validInputs[channel] as Record<string, unknown>
        // A key the schema declares (an optional field the example leaves out) is not unknown.
        fc.pre(!Object.hasOwn(example, key) && !declaredKeys(channel).has(key))
        const input = JSON.parse(JSON.stringify(example)) as Record<string, unknown>
        Object.defineProperty(input, key, { value, enumerable: true, configurable: true, writable: true })
        const before = calls.length
        const result = await dispatch(channel, input)
        expect(result.ok).toBe(false)
        if (!result.ok) expect(result.error.code).toBe('invalid_input')
        expect(calls.length).toBe(before)
        expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      }),
      { numRuns: 150 },
    )
  })

  it.each(channelNames)(
    '%s rejects a wrong type in each of its fields, naming the field',
    async (channel) => {
      const example = validInputs[channel] as Record<string, unknown>
      const fields = Object.keys(example)
      if (fields.length === 0) return
      await fc.assert(
        fc.asyncProperty(
          fc
            .constantFrom(...fields)
            .chain((field) => fc.tuple(fc.constant(field), wrongTypeFor(example[field]))),
          async ([field, wrong]) => {
            const before = calls.length
            const result = await dispatch(channel, { ...example, [field]: wrong })
            expect(result.ok).toBe(false)
            if (!result.ok) {
              expect(result.error.code).toBe('invalid_input')
              expect(result.error.field?.split('.')[0]).toBe(field)
            }
            expect(calls.length).toBe(before)
          },
        ),
        { numRuns: 100 },
      )
    },
  )

  it('rejects channel names that are not in the contract', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'users', 'users.'),
        ),
        async (name) => {
          fc.pre(!Object.hasOwn(channels, name))
          const result = await dispatch(name, {})
          expect(result.ok).toBe(false)
          if (!result.ok) expect(result.error.code).toBe('unknown_channel')
        },
      ),
    )
  })

  it('turns a handler exception into an AppError without a stack', async () => {
    const failing = createDispatcher({
      ...handlers,
      'app.info': async () => {
        throw new Error('boom at /home/someone/secret/path.ts:12')
      },
    })
    const result = await failing('app.info', {})
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.error.code).toBe('internal')
      expect(JSON.stringify(result.error)).not.toContain('/home/someone')
      expect(Object.keys(result.error).sort()).toEqual(['code', 'message', 'retryable'])
    }
  })
})

describe('the bridge', () => {
  it('exposes exactly one function per channel, grouped by namespace, plus on', async () => {
    const invoked: string[] = []
    const api = buildBridge(
      channelNames,
      eventNames,
      async (c) => invoked.push(c),
      () => () => undefined,
    )
    const namespaces = [...new Set(channelNames.map((c) => c.split('.')[0]))]
    expect(Object.keys(api).sort()).toEqual([...namespaces, 'on'].sort())
    for (const channel of channelNames) {
      const [ns, method] = channel.split('.') as [string, string]
      const fn = (api[ns] as Record<string, unknown>)[method]
      expect(typeof fn, channel).toBe('function')
      await (fn as (i: unknown) => Promise<unknown>)({})
    }
    expect(invoked).toEqual(channelNames)
    expect(Object.isFrozen(api)).toBe(true)
  })

  it('refuses to subscribe to an event that is not in the contract', () => {
    const api = buildBridge(
      channelNames,
      eventNames,
      async () => null,
      () => () => undefined,
    ) as {
      on: (e: string, l: () => void) => void
    }
    expect(() => api.on('ipc:anything', () => undefined)).toThrow(/Unknown event/)
  })
})
