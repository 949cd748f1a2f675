import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
export { closedPort } from '../helpers/closed-port'
import { join } from 'node:path'
import { afterAll } from 'vitest'
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox/server'
import { createLogger } from '../../../src/host/logger'
import { ProjectRegistry } from '../../../src/host/projects/registry'
import { KeysToForget } from '../../../src/host/projects/keys-to-forget'
import { LinkTemplates } from '../../../src/host/projects/link-templates'
import { ProjectsService, type ProjectsServiceOptions } from '../../../src/host/projects/projects-service'
import type { SecretStore } from '../../../src/host/projects/secret-store'
import { tempDir } from '../helpers/temp-dir'

/** A seeded sandbox closed when the test file ends. */
export async function sandbox(opts: Partial<SandboxOptions> & { apiKey: string }): Promise<RunningSandbox> {
  const running = await startSandbox({ port: 0, projectId: 'shop', seed: 5, quiet: true, ...opts })
  afterAll(() => running.close())
  return running
}

/** A ProjectsService over a fresh data folder, with the log file where tests can read it. */
export function service(secrets: SecretStore, options: ProjectsServiceOptions & { dataDir?: string } = {}) {
  const dataDir = options.dataDir ?? tempDir()
  const logFile = join(dataDir, 'logs', 'userdeck.log')
  const projects = new ProjectsService(
    new ProjectRegistry(dataDir, () => undefined),
    new LinkTemplates(dataDir, () => undefined),
    new KeysToForget(dataDir, () => undefined),
    secrets,
    createLogger({ file: logFile }),
    null,
    options,
  )
  afterAll(() => projects.close())
  return { projects, dataDir, logFile }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))
  return `127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A web server that is not Appwrite: HTML for every path, with the given status. */
export async function htmlServer(status: number): Promise<string> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'text/html' })
    res.end('<html><body><h1>Welcome to nginx!</h1></body></html>')
  })
  return `http://${await listen(server)}/v1`
}

/** An HTTPS server whose certificate is self-signed, made with openssl for this run. */
export async function selfSignedServer(): Promise<string> {
  const dir = tempDir()
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  )
  const server = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => res.end('{}'),
  )
  return `https://${await listen(server)}/v1`
}

/** A server that accepts the connection and never answers. */
export async function silentServer(): Promise<string> {
  const server = createHttpServer(() => undefined)
  const address = await listen(server)
  afterAll(() => server.closeAllConnections())
  return `http://${address}/v1`
}
