import { startSandbox } from '../../src/sandbox'
import type { JobView } from '@shared/models/jobs'
import { test, expect, screenshotPath } from './fixtures'

const KEY = 'e2e_resume_key_0123456789'

test('a job interrupted by the app stopping is offered for resume, and resumes to the end', async ({
  page,
  host,
}) => {
  const sandbox = await startSandbox({ port: 0, projectId: 'slow', apiKey: KEY, seed: 150, quiet: true })
  try {
    const added = await host.dispatch('projects.add', {
      name: 'Slow shop',
      endpoint: sandbox.url,
      projectId: 'slow',
      key: KEY,
      tag: 'staging',
      colour: 'orange',
    })
    if (!added.ok) throw new Error(added.error.message)
    const project = (added.value as { id: string }).id
    sandbox.setFaults({ latencyMs: 30 })
    const planned = await host.dispatch('labels.bulk', {
      project,
      selection: { all: true },
      op: 'add',
      labels: ['resumed'],
    })
    if (!planned.ok) throw new Error(planned.error.message)
    const jobId = (planned.value as JobView).id
    const progressed = new Promise<void>((resolve) => {
      const off = host.events.subscribe((event, payload) => {
        const job = payload as JobView
        if (event === 'jobs.changed' && job.id === jobId && job.counts.done >= 20) {
          off()
          resolve()
        }
      })
    })
    await host.dispatch('jobs.start', { jobId })
    await progressed
    // What quitting the app does to a running job: it stops, resumable from its journal.
    await host.services.jobs.close()

    await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
    const alert = page.getByRole('alert').filter({ hasText: 'Interrupted jobs' })
    await expect(alert).toBeVisible()
    await page.screenshot({ path: screenshotPath('bulk-resume-offered') })
    await alert.getByRole('button', { name: 'Review and resume' }).click()
    const dialog = page.getByRole('dialog')
    await expect(dialog.getByTestId('job-state')).toHaveText('interrupted')
    await dialog.getByRole('button', { name: 'Resume' }).click()
    await expect(dialog.getByTestId('job-state')).toHaveText('completed', { timeout: 30_000 })
    await expect(dialog.getByTestId('stat-done')).toHaveText('150')
    await page.screenshot({ path: screenshotPath('bulk-resume-completed') })
    for (const u of sandbox.store.users.values())
      expect(u.labels.filter((l) => l === 'resumed')).toHaveLength(1)
  } finally {
    await sandbox.close()
  }
})
