import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { JobView } from '@shared/models/jobs'
import type { HostInternals } from '../../src/host/host'
import { test, expect, plannedLabelJob, screenshotPath } from './fixtures'

function jobsOnHost(host: HostInternals): JobView[] {
  return host.services.jobs.list()
}

test('a planned job is discarded from its dialog: gone from the list and from disk, from the dry run or the Jobs list', async ({
  page,
  host,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  await expect(page.getByText('No jobs yet.')).toBeVisible()
  const form = page.getByRole('form', { name: 'Bulk action' })
  const labels = form.getByRole('combobox', { name: 'Labels' })
  await labels.fill('discardme')
  await labels.press('Enter')
  await form.getByRole('button', { name: 'Preview' }).click()

  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('120')
  const discard = dialog.getByRole('button', { name: 'Discard plan' })
  await expect(discard).toBeVisible()
  await page.screenshot({ path: screenshotPath('job-discard-dialog') })

  // Kept planned first: the Jobs list shows it, to be opened again.
  await dialog.getByRole('button', { name: 'Close (keep it planned)' }).click()
  const jobs = page.getByRole('table', { name: 'Jobs' })
  await expect(jobs.getByRole('row')).toHaveCount(2)
  const [planned] = jobsOnHost(host)
  expect(planned).toMatchObject({ state: 'planned', title: expect.stringContaining('discardme') })
  const folder = join(host.core.dataDir, 'jobs', planned!.id)
  expect(existsSync(folder)).toBe(true)

  await jobs.getByRole('button', { name: 'Preview' }).click()
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('120')
  await dialog.getByRole('button', { name: 'Discard plan' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByText('No jobs yet.')).toBeVisible()
  // The Preview button that opened it went with the job: the focus is left on the screen's title.
  await expect(page.getByRole('heading', { name: 'Jobs' })).toBeFocused()
  expect(jobsOnHost(host)).toEqual([])
  expect(existsSync(folder)).toBe(false)
  // No user was labelled.
  const listed = await host.dispatch('users.list', { project: 'demo', search: 'discardme', limit: 5 })
  expect(listed.ok && (listed.value as { total: number }).total).toBe(0)
  await page.screenshot({ path: screenshotPath('job-discard-gone') })

  // Planned and discarded from the form, the focus goes back to the form's Preview, which is still there.
  await form.getByRole('button', { name: 'Preview' }).click()
  await dialog.getByRole('button', { name: 'Discard plan' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(form.getByRole('button', { name: 'Preview' })).toBeFocused()
  expect(jobsOnHost(host)).toEqual([])
})

test('a planned job another process discards leaves the open Jobs list', async ({ page, host }) => {
  const planned = await host.dispatch('labels.bulk', {
    project: 'demo',
    selection: { all: true },
    op: 'add',
    labels: ['elsewhere'],
  })
  if (!planned.ok) throw new Error(planned.error.message)
  const job = planned.value as JobView
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const jobs = page.getByRole('table', { name: 'Jobs' })
  await expect(jobs.getByText(job.id, { exact: false })).toBeVisible()
  // The host tells its removal as the window's own discard is told; the list follows it.
  const discarded = await host.dispatch('jobs.discard', { jobId: job.id })
  expect(discarded.ok).toBe(true)
  await expect(page.getByText('No jobs yet.')).toBeVisible()
})

test("the import wizard's dry run, planned again after going back, leaves one planned job", async ({
  page,
  host,
  dataDir,
}) => {
  const file = join(dataDir, 'again.csv')
  writeFileSync(file, ['email,name', 'again1@example.com,Again 1', 'again2@example.com,Again 2'].join('\n'))
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(file)
  await expect(page.getByText('again.csv')).toBeVisible()
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await page.getByRole('button', { name: 'Validate every row' }).click()
  const dryRun = page.getByRole('button', { name: /^Dry run/ })
  await expect(dryRun).toBeEnabled()
  await dryRun.click()
  await expect(page.getByText('Dry run: nothing has been written')).toBeVisible()
  const first = jobsOnHost(host).filter((j) => j.kind === 'import')
  expect(first.map((j) => j.state)).toEqual(['planned'])

  await page.getByRole('button', { name: 'Back', exact: true }).click()
  await dryRun.click()
  await expect(page.getByText('Dry run: nothing has been written')).toBeVisible()
  // The plan the second dry run replaced is discarded: only the new one is left to apply.
  await expect.poll(() => jobsOnHost(host).map((j) => j.id)).not.toContain(first[0]!.id)
  const after = jobsOnHost(host).filter((j) => j.kind === 'import')
  expect(after.map((j) => j.state)).toEqual(['planned'])

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const jobs = page.getByRole('table', { name: 'Jobs' })
  await expect(jobs.getByRole('row')).toHaveCount(2)
  await expect(jobs.getByText(after[0]!.id, { exact: false })).toBeVisible()
})

test('a dry run still reading the server is discarded from its dialog: stopped, then the plan goes', async ({
  page,
  host,
  startSandbox,
}) => {
  const KEY = 'e2e_discard_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'discard', apiKey: KEY, seed: 30 })
  const job = await plannedLabelJob(host, sandbox, { name: 'Discard shop', key: KEY, label: 'never' })
  // The dry run's first list of users waits at the server until the test lets it go.
  const hold = sandbox.hold({ match: ({ method }) => method === 'GET' })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  await page.getByRole('table', { name: 'Jobs' }).getByRole('button', { name: 'Preview' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByText('Reading the server to preview every user.')).toBeVisible()
  await hold.reached()
  await dialog.getByRole('button', { name: 'Discard plan' }).click()
  // The dry run is stopped; the list already asked for ends once the server answers it.
  await expect(dialog.getByRole('button', { name: 'Discard plan' })).toHaveAttribute('aria-busy', 'true')
  hold.release()
  await expect(dialog).toHaveCount(0)
  await expect(page.getByText('No jobs yet.')).toBeVisible()
  expect(jobsOnHost(host).map((j) => j.id)).not.toContain(job.id)
})
