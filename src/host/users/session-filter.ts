import type { Models, Users } from 'node-appwrite'
import { retrying } from '../jobs/pacing'

type AppwriteUser = Models.User<Models.Preferences>

/** Session reads in flight at once: a page's worth in a few round trips, not a burst the server throttles. */
const AT_ONCE = 16

/**
 * The users among `candidates` who have no session, in their order. Appwrite has no query for a
 * user's sessions, so each candidate's are read; a 5xx, 429 or dropped connection is tried again.
 */
export async function withoutSessions(
  users: Users,
  candidates: readonly AppwriteUser[],
  options: { signal?: AbortSignal; attempts?: number } = {},
): Promise<AppwriteUser[]> {
  const kept: AppwriteUser[] = []
  for (let i = 0; i < candidates.length; i += AT_ONCE) {
    const batch = candidates.slice(i, i + AT_ONCE)
    const sessions = await Promise.all(
      batch.map((u) => retrying(() => users.listSessions({ userId: u.$id }), options)),
    )
    batch.forEach((u, j) => {
      if (sessions[j]!.sessions.length === 0) kept.push(u)
    })
  }
  return kept
}
