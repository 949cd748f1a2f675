import { test, expect, plannedLabelJob, screenshotPath } from './fixtures'

const KEY = 'e2e_job_cancel_key_0123456789'

test('cancelling a running job from its dialog asks first; Escape keeps it running, Enter cancels it', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'held', apiKey: KEY, seed: 60 })
  const jobId = (await plannedLabelJob(host, sandbox, { name: 'Held shop', key: KEY, label: 'held' })).id
  // The server labels 10 users, then holds the rest: the job is running for as long as the test needs.
  const hold = sandbox.hold({ after: 10, match: ({ method }) => method !== 'GET' })
  await host.dispatch('jobs.start', { jobId })
  await hold.reached()

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  await page.getByRole('table', { name: 'Jobs' }).getByRole('button', { name: 'Open' }).click()
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('job-state') })
  await expect(dialog.getByTestId('job-state')).toHaveText('running')
  const cancel = dialog.getByRole('button', { name: 'Cancel', exact: true })
  await cancel.click()
  const ask = page.getByRole('dialog', { name: 'Cancel this job?' })
  await expect(ask.getByText(/^What it has already done in “Held shop” stays done/)).toBeVisible()
  await expect(ask.getByText(/pause it instead\.$/)).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Keep running' })).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Cancel job' })).toBeFocused()
  await page.screenshot({ path: screenshotPath('job-cancel-asked') })

  // Escape closes the question only: the job's dialog stays open, and the job runs on.
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await expect(dialog.getByTestId('job-state')).toHaveText('running')
  expect(host.services.jobs.get(jobId).state).toBe('running')

  await cancel.click()
  await expect(ask.getByRole('button', { name: 'Cancel job' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(ask).toBeHidden()
  await expect(dialog.getByTestId('job-state')).toHaveText('cancelled')
  // The held calls are still out: nobody is counted as not reached before their answers come.
  await expect(dialog.getByText(/^Cancelled\. The calls already sent are ending/)).toBeVisible()
  hold.release()
  const stopped = await host.services.jobs.wait(jobId)
  expect(stopped.state).toBe('cancelled')
  // Started without a dry run and cancelled partway, it never counted every user: the dialog does not
  // make up a number of users not reached (it showed the done count negated).
  expect(stopped.counts.total).toBeNull()
  await expect(
    dialog.getByText(/^Cancelled before it had counted its users\. What was done stays done/),
  ).toBeVisible()
  // Those it had listed are in its report; the count says there may be more.
  // Named as the saved report names them: pending, in the table and in the count.
  const listed = dialog
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: 'pending', exact: true }) })
  await expect(listed.first()).toBeVisible()
  await expect(dialog.getByTestId('stat-pending')).toHaveText(`${await listed.count()}+`)
  await expect(dialog.getByTestId('stat-done')).toHaveText(String(stopped.counts.done))
  await page.screenshot({ path: screenshotPath('job-cancelled-note') })
})
