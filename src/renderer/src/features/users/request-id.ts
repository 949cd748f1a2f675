/** Tags a request so its events can be told apart; unique enough within one window. */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}
