import type { EventName, EventPayload } from '@shared/contract'

export type EventListener = (event: EventName, payload: unknown) => void

/** What main pushes to the renderer. Each shell subscribes once and forwards to its window. */
export class EventBus {
  private readonly listeners = new Set<EventListener>()

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload)
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
