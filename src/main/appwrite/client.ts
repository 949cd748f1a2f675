import { Client, Users } from 'node-appwrite'

/** How long one Appwrite call may take, start to last byte, before it fails with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 30_000

/**
 * node-appwrite's Client has no timeout: a server that stops answering, or drips its body, would hang
 * the call for ever. Every request gets an AbortSignal that covers the whole exchange.
 */
class TimedClient extends Client {
  constructor(private readonly timeoutMs: number) {
    super()
  }

  override prepareRequest(
    ...args: Parameters<Client['prepareRequest']>
  ): ReturnType<Client['prepareRequest']> {
    const prepared = super.prepareRequest(...args)
    ;(prepared.options as { signal?: AbortSignal }).signal = AbortSignal.timeout(this.timeoutMs)
    return prepared
  }
}

export interface Connection {
  endpoint: string
  projectId: string
  key: string
}

export interface AppwriteClients {
  client: Client
  users: Users
}

export function createAppwriteClients(
  connection: Connection,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): AppwriteClients {
  const client = new TimedClient(timeoutMs)
    .setEndpoint(connection.endpoint)
    .setProject(connection.projectId)
    .setKey(connection.key)
  return { client, users: new Users(client) }
}
