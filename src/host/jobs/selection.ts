import { Query, type Models } from 'node-appwrite'
import type { Selection } from '@shared/models/jobs'
import type { ResolvedProject } from '../projects/projects-service'
import { refuseUnsupported, toQueries, toSearch } from '../users/users-query'
import { withoutSessions } from '../users/session-filter'
import { retrying } from './pacing'

type AppwriteUser = Models.User<Models.Preferences>

const PAGE = 500
/** Appwrite takes at most 100 values in one `equal`. */
const IDS_PER_QUERY = 100

/**
 * The Appwrite queries a selection stands for (paging left out): the user browser's filters through
 * its own `toQueries`, so a filter selects the same users in a job as on screen; labels select users
 * carrying any of them.
 */
export function selectionQueries(selection: Selection): string[] {
  const queries = toQueries(selection.filters)
  if (selection.labels?.length) queries.push(Query.contains('labels', selection.labels))
  if (selection.queries) queries.push(...selection.queries)
  return queries
}

/**
 * The users a selection names, page by page with cursor paging (stable under concurrent inserts, and
 * not capped at 5,000 like offsets). Explicit ids are read in chunks; an id that does not exist comes
 * back as `{ $id, missing: true }` so the job can report it instead of silently dropping it.
 */
export async function* selectUsers(
  project: ResolvedProject,
  selection: Selection,
  signal?: AbortSignal,
): AsyncIterable<AppwriteUser | { $id: string; missing: true }> {
  await refuseUnsupported(project, selection)
  const users = project.clients.users
  if (selection.ids) {
    const ids = [...new Set(selection.ids)]
    for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
      const chunk = ids.slice(i, i + IDS_PER_QUERY)
      const page = await retrying(
        () => users.list({ queries: [Query.equal('$id', chunk), Query.limit(chunk.length)] }),
        signal ? { signal } : {},
      )
      const found = new Map(page.users.map((u) => [u.$id, u]))
      for (const id of chunk) yield found.get(id) ?? { $id: id, missing: true }
    }
    return
  }
  const base = selectionQueries(selection)
  let cursor: string | null = null
  for (;;) {
    const queries: string[] = [...base, Query.limit(PAGE), ...(cursor ? [Query.cursorAfter(cursor)] : [])]
    const page: Models.UserList<Models.Preferences> = await retrying(
      () => users.list({ queries, ...toSearch(selection.search) }),
      signal ? { signal } : {},
    )
    const chosen = selection.filters?.noSessions
      ? await withoutSessions(users, page.users, signal ? { signal } : {})
      : page.users
    for (const user of chosen) yield user
    if (page.users.length < PAGE) return
    cursor = page.users.at(-1)!.$id
  }
}

/** How a person recognises a user in a preview or report. */
export function userLabel(user: { $id: string; email?: string; phone?: string; name?: string }): string {
  return user.email || user.phone || user.name || user.$id
}
