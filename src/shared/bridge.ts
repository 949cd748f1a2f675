/**
 * Builds `window.userdeck` from the channel and event names. It is self-contained on purpose (no
 * imports, no outer variables): the Chromium shell serialises it into the page as an init script, and
 * the preload calls it directly, so both shells expose exactly the same object.
 */
export function buildBridge(
  channelNames: readonly string[],
  eventNames: readonly string[],
  invoke: (channel: string, input: unknown) => Promise<unknown>,
  subscribe: (event: string, listener: (payload: unknown) => void) => () => void,
): Record<string, unknown> {
  const api: Record<string, Record<string, unknown>> = {}
  for (const name of channelNames) {
    const dot = name.indexOf('.')
    const ns = name.slice(0, dot)
    const method = name.slice(dot + 1)
    const group = (api[ns] ??= {})
    group[method] = (input: unknown) => invoke(name, input)
  }
  for (const group of Object.values(api)) Object.freeze(group)
  const allowed = new Set(eventNames)
  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (!allowed.has(event)) throw new Error(`Unknown event "${event}".`)
    if (typeof listener !== 'function') throw new Error('on(event, listener) needs a function.')
    return subscribe(event, listener)
  }
  return Object.freeze({ ...api, on })
}
