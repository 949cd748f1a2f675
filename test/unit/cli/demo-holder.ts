/**
 * A Userdeck process that holds the demo project, as an open window does: it starts the demo by
 * using it, says `holding`, and lets go when its standard input closes. Env: DATA_DIR.
 */
import { createHost } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'

const host = await createHost({
  dataDir: process.env.DATA_DIR!,
  shell: 'chromium',
  secrets: new MemorySecretStore(),
  demo: { seed: 5 },
})
const used = await host.dispatch('users.list', { project: 'demo', limit: 1 })
if (!used.ok) throw new Error(used.error.message)
process.stdout.write('holding\n')
process.stdin.resume()
process.stdin.on('end', () => void host.close().then(() => process.exit(0)))
