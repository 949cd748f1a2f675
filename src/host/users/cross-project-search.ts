import { Query } from 'node-appwrite'
import type { ParsedInput } from '@shared/contract'
import { appError } from '@shared/errors'
import type { CrossProjectHits, CrossProjectSearch } from '@shared/models/users'
import type { Core } from '../core'
import { toAppError } from '../appwrite/errors'
import { toUserRecord } from './user-record'
import { toSearch } from './users-query'

class SearchTimeout extends Error {}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SearchTimeout()), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

/**
 * Searches every project at once. Each project has its own deadline, and its answer is pushed as a
 * `users.searchHits` event the moment it lands, so one slow or unreachable project shows as such
 * while the others' hits are already on screen.
 */
export async function searchAllProjects(
  core: Core,
  input: ParsedInput<'users.searchAll'>,
): Promise<CrossProjectSearch> {
  const entries = core.projects.entries()
  const settled = await Promise.allSettled(
    entries.map(async (entry): Promise<CrossProjectHits> => {
      const started = performance.now()
      const elapsed = () => Math.round(performance.now() - started)
      let hits: CrossProjectHits
      try {
        const work = core.projects
          .resolve(entry.id)
          .then(({ clients }) =>
            clients.users.list({ queries: [Query.limit(input.perProject)], ...toSearch(input.search) }),
          )
        const result = await within(work, input.timeoutMs)
        hits = {
          project: entry.id,
          state: 'ok',
          users: result.users.map(toUserRecord),
          total: result.total,
          ms: elapsed(),
          error: null,
        }
      } catch (err) {
        const timedOut = err instanceof SearchTimeout
        hits = {
          project: entry.id,
          state: timedOut ? 'timeout' : 'error',
          users: [],
          total: 0,
          ms: elapsed(),
          error: timedOut
            ? appError('timeout', `"${entry.name}" did not answer within ${input.timeoutMs / 1000} s.`)
            : toAppError(err),
        }
      }
      core.events.emit('users.searchHits', { searchId: input.searchId, ...hits })
      return hits
    }),
  )
  return {
    searchId: input.searchId,
    results: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
  }
}
