/**
 * What a person has typed in a user's drawer and not saved, by part (the overview's fields, the
 * preferences) and user. The drawer's tabs unmount when left, so an edit is kept here to be there
 * again on return; closing the drawer asks before it lets such an edit go.
 */
const kept = new Map<string, unknown>()

const keyOf = (part: string, userId: string) => `${userId}\u0000${part}`

/** The part's unsaved edit of this user, if any. */
export function keptEdit<T>(part: string, userId: string): T | undefined {
  return kept.get(keyOf(part, userId)) as T | undefined
}

/** Keeps the part's edit of this user, or (null) notes that it has none. */
export function keepEdit(part: string, userId: string, edit: unknown): void {
  if (edit === null) kept.delete(keyOf(part, userId))
  else kept.set(keyOf(part, userId), edit)
}

export function hasUnsavedEdits(userId: string): boolean {
  const prefix = keyOf('', userId)
  return [...kept.keys()].some((key) => key.startsWith(prefix))
}

export function dropEdits(userId: string): void {
  const prefix = keyOf('', userId)
  for (const key of [...kept.keys()]) if (key.startsWith(prefix)) kept.delete(key)
}
