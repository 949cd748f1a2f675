import { onCallFailure, type AppwriteClients } from '../appwrite/client'
import { toAppError } from '../appwrite/errors'

/**
 * Failures of ordinary calls that say the project itself changed: the network went, or the key was
 * revoked, lost a scope or points at a project that is gone. Flaky answers (5xx, 429, timeouts) are
 * left to the callers' retries.
 */
const telling = new Set(['unreachable', 'key_invalid', 'missing_scope', 'project_not_found'])

/** Reports such failures of every call made through these clients; the calls themselves are unchanged. */
export function watchCalls(clients: AppwriteClients, onFailure: () => void): AppwriteClients {
  onCallFailure(clients, (err) => {
    if (telling.has(toAppError(err).code)) onFailure()
  })
  return clients
}
