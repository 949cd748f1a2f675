/**
 * Tags a request so its answer and events can be told apart; unique enough within one window. A
 * store keeps the tag of its newest request and drops any answer carrying another, so a slow answer
 * never wins (components get the same from `useLoad`).
 */
export function newRequestId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}
