import type { AppwriteServer } from '@shared/appwrite-versions'
import type { ConnectionReport } from '@shared/contract/projects'
import { closeAppwriteClients, createAppwriteClients, readServer, type Connection } from '../appwrite/client'
import { probeRead, probeWrite } from './scope-probe'

/** A check should say "unreachable" within seconds, not after a bulk call's patience. */
export const CHECK_TIMEOUT_MS = 10_000

/**
 * Reaches the project and finds out what its key may do. Failures are told apart (wrong endpoint, TLS,
 * project not found, key invalid, server down) by `toAppError`; a key without a Users scope is not a
 * failure but a finding, recorded in `scopes`.
 */
export async function checkConnection(
  connection: Connection,
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ConnectionReport> {
  const clients = createAppwriteClients(connection, timeoutMs)
  // The version is read beside the probes: what the server can do matters as much as the key's scopes.
  const server = readServer(connection, timeoutMs)
  try {
    const read = await probeRead(clients.users)
    if ('error' in read) return failed(read.error, null, await server)
    const write = await probeWrite(clients.users)
    if ('error' in write) return failed(write.error, read.granted, await server)
    return {
      ok: true,
      scopes: { read: read.granted, write: write.granted },
      server: await server,
      error: null,
    }
  } finally {
    void closeAppwriteClients(clients)
  }
}

function failed(
  error: { code: string; message: string },
  read: boolean | null,
  server: AppwriteServer | null,
): ConnectionReport {
  return {
    ok: false,
    scopes: { read, write: null },
    server,
    error: { code: error.code, message: error.message },
  }
}
