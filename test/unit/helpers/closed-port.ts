import { createServer } from 'node:http'

/**
 * A port nothing listens on, and nothing here will be given: below every OS's range of ports handed out
 * for `listen(0)` (Linux 32768–60999, macOS and Windows 49152–65535). A port freed from such a listen
 * was handed to the next server another test started, on a busy machine, which then answered in its
 * place. Checked free by listening on it once; a test may start its own server there later.
 */
export async function closedPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000)
    const server = createServer()
    const free = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false))
      server.listen(port, '127.0.0.1', () => resolve(true))
    })
    if (!free) continue
    await new Promise<void>((resolve) => server.close(() => resolve()))
    return port
  }
}
