import { createHostInternals } from '../../src/host/host'
import type { JobView } from '@shared/models/jobs'
import { ManualTimers } from '../unit/helpers/manual-timers'
import { test as base, expect, plannedLabelJob, screenshotPath } from './fixtures'

const KEY = 'e2e_outage_key_0123456789'

/** A written time with its digits and words reduced to their kind: "11:05 PM" and "9:41 PM" read alike, "23:05" does not. */
const clockShape = (text: string) => text.replace(/\d+/g, '9').replace(/\p{L}+/gu, 'a')

/** The host's background checks run on timers the test fires, so the job resumes when the test says. */
const test = base.extend<{ timers: ManualTimers }>({
  // eslint-disable-next-line no-empty-pattern
  timers: async ({}, use) => {
    await use(new ManualTimers())
  },
  host: async ({ dataDir, timers }, use) => {
    const host = await createHostInternals({ dataDir, shell: 'chromium', demo: { seed: 120 }, timers })
    await use(host)
    await host.close()
  },
})

test('a job pauses itself when its server dies, says so, and resumes by itself when the server is back', async ({
  page,
  host,
  timers,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'outage', apiKey: KEY, seed: 150 })
  const job = await plannedLabelJob(host, sandbox, { name: 'Shop staging', key: KEY, label: 'survived' })
  // The server labels 30 users, then holds the rest: the job is part-way when the server dies,
  // however fast the machine.
  const hold = sandbox.hold({ after: 30, match: ({ method }) => method !== 'GET' })
  await host.dispatch('jobs.start', { jobId: job.id })
  await hold.reached()

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  await page.getByRole('row').filter({ hasText: job.title }).getByRole('button', { name: 'Open' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('job-state')).toHaveText('running')

  // The server dies: held calls end unanswered, new ones are refused.
  await sandbox.stop()
  await expect(dialog.getByTestId('job-state')).toHaveText('paused')
  const notice = dialog.getByTestId('job-pause')
  await expect(notice).toContainText(
    /Paused: Shop staging is unreachable since .+\. It resumes by itself when the server answers\./,
  )
  await expect(notice).toContainText(/Next check at .+\. No row has failed/)
  // Every time in one clock, the locale's: not "since 23:00" over a row that says "11:00 PM".
  const noticeText = await notice.innerText()
  const since = /unreachable since (.+)\. It resumes/.exec(noticeText)![1]!
  const nextCheck = /Next check at (.+)\. No row/.exec(noticeText)![1]!
  expect(clockShape(nextCheck).replace('9:9:9', '9:9')).toBe(clockShape(since))
  await expect(dialog.getByTestId('stat-errors')).toHaveText('0')
  await expect(dialog.getByRole('button', { name: 'Resume now' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('job-outage-paused') })

  await page.keyboard.press('Escape')
  // Closed, the dialog gives focus back to the button that opened it (the first time, too).
  const open = page.getByRole('row').filter({ hasText: job.title }).getByRole('button', { name: 'Open' })
  await expect(open).toBeFocused()
  const started = await page.getByRole('row').filter({ hasText: job.title }).getByText(job.id).innerText()
  expect(clockShape(started).endsWith(clockShape(since)), `${started} against ${since}`).toBe(true)
  await expect(page.getByTestId('job-pause-note')).toContainText('Shop staging is unreachable since')
  await page.screenshot({ path: screenshotPath('job-outage-jobs-list') })

  // The server is back on the same address; the host's next check finds it and the job goes on.
  await sandbox.start()
  const completed = new Promise<JobView>((resolve) => {
    const unsubscribe = host.events.subscribe((event, payload) => {
      const view = payload as JobView
      if (event !== 'jobs.changed' || view.id !== job.id || view.state !== 'completed') return
      unsubscribe()
      resolve(view)
    })
  })
  timers.fireNext()
  expect((await completed).counts).toEqual({ total: 150, done: 150, skipped: 0, failed: 0 })
  await open.click()
  await expect(dialog.getByTestId('job-state')).toHaveText('completed', { timeout: 120_000 })
  await expect(dialog.getByTestId('stat-done')).toHaveText('150')
  await expect(dialog.getByTestId('stat-failed')).toHaveText('0')
  await page.screenshot({ path: screenshotPath('job-outage-resumed') })
  for (const u of sandbox.store.users.values())
    expect(u.labels.filter((l) => l === 'survived')).toHaveLength(1)
})
