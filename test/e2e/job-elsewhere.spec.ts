import { labelEveryUserElsewhere } from '../unit/helpers/cli-process'
import { test, expect, screenshotPath } from './fixtures'

const KEY = 'e2e_job_elsewhere_key_0123456789'

test('a job the command line runs on the same data folder is shown as its own, with no Pause or Cancel here, and followed to its end', async ({
  page,
  dataDir,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'elsewhere', apiKey: KEY, seed: 30 })
  // The server labels 5 users, then holds the rest: the command line's job runs while the test looks.
  const hold = sandbox.hold({ after: 5, match: ({ method }) => method !== 'GET' })
  const cli = labelEveryUserElsewhere(dataDir, sandbox, {
    projectId: 'elsewhere',
    key: KEY,
    label: 'elsewhere',
  })
  try {
    await hold.reached()
    await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
    await page.getByRole('table', { name: 'Jobs' }).getByRole('button', { name: 'Open' }).click()
    const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('job-state') })
    await expect(dialog.getByTestId('job-state')).toHaveText('running')
    await expect(dialog.getByTestId('job-elsewhere')).toHaveText(
      new RegExp(
        `^Another Userdeck process runs this job \\(pid ${cli.child.pid}\\), such as the command line: pause or cancel it there\\.`,
      ),
    )
    // Neither would act on it: that process runs on, whatever this one writes.
    await expect(dialog.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0)
    await expect(dialog.getByRole('button', { name: 'Pause' })).toHaveCount(0)
    // Its pace is that process's, not known here: no rate of 0/s is made up.
    await expect(dialog.getByTestId('stat-done')).toHaveText('5 / ?')
    await expect(dialog.getByTestId('stat-rate')).toHaveCount(0)
    await page.screenshot({ path: screenshotPath('job-running-elsewhere') })

    // Let go, the command line labels the rest and ends: the open dialog and the list follow it there,
    // read from its files, with nothing reopened.
    hold.release()
    await expect(dialog.getByTestId('job-state')).toHaveText('completed')
    await expect(dialog.getByTestId('stat-done')).toHaveText('30')
    await expect(dialog.getByTestId('job-elsewhere')).toHaveCount(0)
    await page.screenshot({ path: screenshotPath('job-elsewhere-followed') })
    await page.keyboard.press('Escape')
    await expect(page.getByRole('table', { name: 'Jobs' }).getByRole('row').nth(1)).toContainText('completed')
  } finally {
    hold.release()
    expect(await cli.exited).toBe(0)
  }
})

test('a job the command line starts while the Jobs screen is open appears in the list by itself, and is followed to its end', async ({
  page,
  dataDir,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'elsewhere', apiKey: KEY, seed: 30 })
  const hold = sandbox.hold({ after: 5, match: ({ method }) => method !== 'GET' })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  await expect(page.getByText(/^No jobs yet\./)).toBeVisible()
  const cli = labelEveryUserElsewhere(dataDir, sandbox, {
    projectId: 'elsewhere',
    key: KEY,
    label: 'elsewhere',
  })
  try {
    await hold.reached()
    // Nothing reopened or listed again: the window's host finds the job and tells it.
    const row = page.getByRole('table', { name: 'Jobs' }).getByRole('row').nth(1)
    await expect(row).toContainText('running')
    await expect(row.getByTestId('job-progress-count')).toHaveText('5 / ?')
    // Run there: no pace of 0/s is made up here, and the row says where it runs.
    await expect(row.getByTestId('job-elsewhere-note')).toHaveText(
      `In another process (pid ${cli.child.pid})`,
    )
    await expect(row.getByTestId('job-progress-pace')).toHaveCount(0)
    await page.screenshot({ path: screenshotPath('job-elsewhere-appeared') })

    hold.release()
    await expect(row).toContainText('completed')
    await expect(row.getByTestId('job-progress-count')).toHaveText('30 / 30')
    await expect(row.getByTestId('job-elsewhere-note')).toHaveCount(0)
  } finally {
    hold.release()
    expect(await cli.exited).toBe(0)
  }
})
