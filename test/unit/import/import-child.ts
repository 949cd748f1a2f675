/**
 * A Userdeck process that imports a file into a sandbox registered as a project, for the kill -9
 * test: it is killed part-way, and the test resumes the job in another process.
 * Env: DATA_DIR, ENDPOINT, KEY, FILE.
 */
import { createHostInternals } from '../../../src/host/host'
import { MemorySecretStore } from '../../../src/host/projects/secret-store'

const env = process.env as Record<string, string>
const secrets = new MemorySecretStore()
const host = await createHostInternals({ dataDir: env.DATA_DIR!, shell: 'cli', secrets, demo: false })
const added = await host.dispatch('projects.add', {
  name: 'Kill target',
  endpoint: env.ENDPOINT,
  projectId: 'import-target',
  key: env.KEY,
})
if (!added.ok) throw new Error(added.error.message)
const project = (added.value as { id: string }).id
process.stdout.write(`project ${project}\n`)
const planned = await host.dispatch('import.createJob', {
  plan: { project, source: { kind: 'file', path: env.FILE }, format: 'csv' },
  onExisting: 'fail',
  skip: [],
})
if (!planned.ok) throw new Error(planned.error.message)
const jobId = (planned.value as { id: string }).id
process.stdout.write(`job ${jobId}\n`)
await host.dispatch('jobs.start', { jobId })
await host.services.jobs.wait(jobId)
await host.close()
