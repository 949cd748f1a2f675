import { test, expect, plannedLabelJob, screenshotPath } from './fixtures'

const KEY = 'e2e_resume_key_0123456789'

test('a job interrupted by the app stopping is offered for resume, and resumes to the end', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'slow', apiKey: KEY, seed: 150 })
  const jobId = (await plannedLabelJob(host, sandbox, { name: 'Slow shop', key: KEY, label: 'resumed' })).id
  // The server writes 20 users' labels, then holds the rest: the job is still running when the
  // app stops, however fast the machine.
  const hold = sandbox.hold({ after: 20, match: ({ method }) => method !== 'GET' })
  await host.dispatch('jobs.start', { jobId })
  await hold.reached()
  // What quitting the app does to a running job: it stops, resumable from its journal. Stopping
  // waits for the calls in flight, so they are let through once it has begun.
  const stopping = host.services.jobs.close()
  hold.release()
  await stopping

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const alert = page.getByRole('alert').filter({ hasText: 'Interrupted jobs' })
  await expect(alert).toBeVisible()
  await page.screenshot({ path: screenshotPath('bulk-resume-offered') })
  await alert.getByRole('button', { name: 'Review and resume' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('job-state')).toHaveText('interrupted')
  await dialog.getByRole('button', { name: 'Resume' }).click()
  await expect(dialog.getByTestId('job-state')).toHaveText('completed', { timeout: 120_000 })
  await expect(dialog.getByTestId('stat-done')).toHaveText('150')
  await page.screenshot({ path: screenshotPath('bulk-resume-completed') })
  for (const u of sandbox.store.users.values())
    expect(u.labels.filter((l) => l === 'resumed')).toHaveLength(1)
})
