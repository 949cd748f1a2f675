/**
 * A Userdeck process that deletes the users labelled "doomed" from a sandbox registered as a project,
 * for the kill -9 test: it is killed part-way, and the test resumes the job in another process.
 * Env: DATA_DIR, ENDPOINT, KEY, KEYCHAIN (the shared keychain stand-in's file).
 */
import { createHostInternals } from '../../../src/host/host'
import { FileKeychain } from '../helpers/file-keychain'

const env = process.env as Record<string, string>
const host = await createHostInternals({
  dataDir: env.DATA_DIR!,
  shell: 'cli',
  secrets: new FileKeychain(env.KEYCHAIN!),
  demo: false,
})
const added = await host.dispatch('projects.add', {
  name: 'Kill target',
  endpoint: env.ENDPOINT,
  projectId: 'delete-target',
  key: env.KEY,
})
if (!added.ok) throw new Error(added.error.message)
const planned = await host.dispatch('users.bulkDelete', {
  project: (added.value as { id: string }).id,
  selection: { labels: ['doomed'] },
})
if (!planned.ok) throw new Error(planned.error.message)
const jobId = (planned.value as { id: string }).id
process.stdout.write(`job ${jobId}\n`)
await host.dispatch('jobs.start', { jobId })
await host.services.jobs.wait(jobId)
await host.close()
