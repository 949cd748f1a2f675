/**
 * What a person has typed in a user's drawer and not saved, by part (the overview's fields, the
 * preferences), project and user. The drawer's tabs unmount when left, so an edit is kept here to be
 * there again on return; closing the drawer asks before it lets such an edit go. By project too: a
 * user brought over from another project often keeps their id, and an edit typed for one must not
 * show, and be saved, on the other.
 */
const kept = new Map<string, unknown>()

const userKey = (project: string, userId: string) => `${project}\u0000${userId}\u0000`
const keyOf = (part: string, project: string, userId: string) => userKey(project, userId) + part

/** The part's unsaved edit of this user, if any. */
export function keptEdit<T>(part: string, project: string, userId: string): T | undefined {
  return kept.get(keyOf(part, project, userId)) as T | undefined
}

/** Keeps the part's edit of this user, or (null) notes that it has none. */
export function keepEdit(part: string, project: string, userId: string, edit: unknown): void {
  if (edit === null) kept.delete(keyOf(part, project, userId))
  else kept.set(keyOf(part, project, userId), edit)
}

export function hasUnsavedEdits(project: string, userId: string): boolean {
  const prefix = userKey(project, userId)
  return [...kept.keys()].some((key) => key.startsWith(prefix))
}

export function dropEdits(project: string, userId: string): void {
  const prefix = userKey(project, userId)
  for (const key of [...kept.keys()]) if (key.startsWith(prefix)) kept.delete(key)
}
