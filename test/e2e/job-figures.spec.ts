import type { Locator } from '@playwright/test'
import type { JobView } from '@shared/models/jobs'
import type { HostInternals } from '../../src/host/host'
import { test, expect, plannedLabelJob, screenshotPath } from './fixtures'

const KEY = 'e2e_job_figures_key_0123456789'

/** How many lines an element's text is laid out on: its line boxes' distinct tops. */
async function lines(locator: Locator): Promise<number> {
  return locator.evaluate((el) => {
    const range = document.createRange()
    range.selectNodeContents(el)
    const tops = [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
    return new Set(tops).size
  })
}

/**
 * Every view of the jobs the host gives (listed, read, told in an event) passed through `change`:
 * the window draws what an operator with 160,000 users sees, without a server of that size.
 */
function viewsAs(host: HostInternals, change: (view: JobView) => JobView): void {
  const engine = host.services.jobs as unknown as { view: (job: unknown) => JobView }
  const view = engine.view.bind(engine)
  engine.view = (job) => change(view(job))
}

test('a job over 159,994 users writes its counts on one line, in its dialog and in the Jobs list, at 1024 and 1440 px', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'figures', apiKey: KEY, seed: 60 })
  const jobId = (await plannedLabelJob(host, sandbox, { name: 'Big shop', key: KEY, label: 'big' })).id
  viewsAs(host, (view) => ({
    ...view,
    counts: { total: 159_994, done: 955, skipped: 3, failed: 4 },
    ...(view.state === 'running'
      ? { rate: 1680, etaSeconds: 94_655, retries: 12_345, concurrency: 512 }
      : {}),
  }))
  // The server labels 10 users, then holds the rest: the job runs for as long as the test needs.
  const hold = sandbox.hold({ after: 10, match: ({ method }) => method !== 'GET' })
  await host.dispatch('jobs.start', { jobId })
  await hold.reached()

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const jobs = page.getByRole('table', { name: 'Jobs' })
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('job-state') })
  for (const [width, height] of [
    [1024, 700],
    [1440, 900],
  ] as const) {
    await page.setViewportSize({ width, height })
    const progress = jobs.getByTestId('job-progress-count')
    await expect(progress).toHaveText('962 / 159,994')
    expect(await lines(progress)).toBe(1)
    const pace = jobs.getByTestId('job-progress-pace')
    await expect(pace).toHaveText('1,680/s · ETA 26 h 17 min')
    expect(await lines(pace)).toBe(1)
    await page.screenshot({ path: screenshotPath(`job-figures-list-${width}`) })

    await jobs.getByRole('button', { name: 'Open' }).click()
    await expect(dialog.getByTestId('job-state')).toHaveText('running')
    const done = dialog.getByTestId('stat-done')
    await expect(done).toHaveText('962 / 159,994')
    expect(await lines(done)).toBe(1)
    for (const stat of ['rate', 'eta', 'errors', 'retried', 'parallel'])
      expect(await lines(dialog.getByTestId(`stat-${stat}`))).toBe(1)
    await page.screenshot({ path: screenshotPath(`job-figures-dialog-${width}`) })
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
  }
})

test('an ended job says when it finished, how long it ran and how long it took in all, in its dialog and in the Jobs list', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'ended', apiKey: KEY, seed: 5 })
  const jobId = (await plannedLabelJob(host, sandbox, { name: 'Done shop', key: KEY, label: 'done' })).id
  // It ran for 3 min 12 s of 14 h 5 min, paused overnight, as the host tells it: its start is set
  // that far before its finish.
  viewsAs(host, (view) =>
    view.finishedAt
      ? {
          ...view,
          startedAt: new Date(Date.parse(view.finishedAt) - (14 * 60 + 5) * 60_000).toISOString(),
          runMs: 192_000,
        }
      : view,
  )
  await host.dispatch('jobs.start', { jobId })
  const ended = await host.services.jobs.wait(jobId)
  expect(ended.state).toBe('completed')
  // The time of day as the window's locale writes it.
  const time = await page.evaluate(
    (iso) => new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }).format(new Date(iso)),
    ended.finishedAt!,
  )
  const line = `Finished ${time} · ran 3 min 12 s · 14 h 5 min in all`

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const jobs = page.getByRole('table', { name: 'Jobs' })
  await expect(jobs.getByTestId('job-finished')).toHaveText(line)
  // In the list's narrow cell at 1024 px it may take two lines, each part kept whole.
  await page.setViewportSize({ width: 1024, height: 700 })
  for (const part of await jobs.getByTestId('job-finished').locator('span').all())
    expect(await lines(part)).toBe(1)
  await page.screenshot({ path: screenshotPath('job-figures-finished-list-1024') })
  await jobs.getByRole('button', { name: 'Open' }).click()
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('job-state') })
  await expect(dialog.getByTestId('job-state')).toHaveText('completed')
  await expect(dialog.getByTestId('job-finished')).toHaveText(line)
  await page.screenshot({ path: screenshotPath('job-figures-finished') })
})

test('a job’s bar tells done, skipped and failed rows apart, in the Jobs list and its dialog alike', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'parts', apiKey: KEY, seed: 60 })
  const job = await plannedLabelJob(host, sandbox, { name: 'Parts shop', key: KEY, label: 'parts' })
  viewsAs(host, (view) => ({ ...view, counts: { total: 200, done: 100, skipped: 40, failed: 20 } }))
  const hold = sandbox.hold({ after: 10, match: ({ method }) => method !== 'GET' })
  await host.dispatch('jobs.start', { jobId: job.id })
  await hold.reached()

  /** Each part's share of the bar, in percent, as a screen reader is told it. */
  const shares = (bar: Locator, label: string) =>
    Promise.all(
      ['done', 'skipped', 'failed'].map((part) =>
        bar.getByRole('progressbar', { name: `${label}: ${part}` }).getAttribute('aria-valuenow'),
      ),
    )
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const jobs = page.getByRole('table', { name: 'Jobs' })
  await expect(jobs.getByTestId('job-progress-count')).toHaveText('160 / 200')
  expect(await shares(jobs, `Progress of ${job.title}`)).toEqual(['50', '20', '10'])

  await jobs.getByRole('button', { name: 'Open' }).click()
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('job-state') })
  await expect(dialog.getByTestId('stat-done')).toHaveText('160 / 200')
  expect(await shares(dialog, 'Job progress')).toEqual(['50', '20', '10'])
  await page.screenshot({ path: screenshotPath('job-figures-bar-parts') })
})
