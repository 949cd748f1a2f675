import type { Page } from '@playwright/test'
import { ID, Query } from 'node-appwrite'
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server'
import type { HostInternals } from '../../src/host/host'
import type { JobView } from '@shared/models/jobs'
import type { ProjectView } from '@shared/models'
import { test, expect as baseExpect, openSandboxProject, reloadWindow, screenshotPath } from './fixtures'

const KEY = 'standard_e2e_overview_0123456789abcdef'
// The charts' code loads with the screen and each project counts on its own: on a busy machine
// that takes longer than the default waits allow.
test.describe.configure({ timeout: 180_000 })
const expect = baseExpect.configure({ timeout: 45_000 })

let second: RunningSandbox
test.beforeAll(async () => {
  second = await startSandbox({
    port: 0,
    projectId: 'second',
    apiKey: KEY,
    seed: 40,
    appwriteVersion: '1.7.4',
    quiet: true,
  })
})
test.afterAll(async () => {
  await second.close()
})

async function dispatch<T>(host: HostInternals, channel: string, input: object): Promise<T> {
  const r = await host.dispatch(channel as never, input as never)
  if (!r.ok) throw new Error(r.error.message)
  return r.value as T
}

/** The demo project's figures as Appwrite's own totals give them, not through the Overview. */
async function demoTotals(host: HostInternals) {
  const demo = await host.core.projects.resolve('demo')
  const total = async (queries: string[]) =>
    (await demo.clients.users.list({ queries: [...queries, Query.limit(1)] })).total
  return {
    users: await total([]),
    blocked: await total([Query.equal('status', false)]),
    anonymous: await total([Query.isNull('email'), Query.isNull('phone')]),
  }
}

const figure = (page: Page, name: string) =>
  page.getByRole('list', { name: 'Key figures' }).getByRole('listitem', { name, exact: true })

test('Overview: the figures, the chart, its range, refresh, and new counts after a job', async ({
  page,
  host,
}) => {
  await expect(page.getByRole('row').nth(1)).toBeVisible()
  // The same chord as the header's: from the Users screen's search field too.
  await page.getByRole('textbox', { name: 'Search users' }).focus()
  await page.keyboard.press('Control+Shift+O')
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()

  const want = await demoTotals(host)
  await expect(figure(page, 'Users').getByTestId('figure-value')).toHaveText(want.users.toLocaleString())
  await expect(figure(page, 'Blocked').getByTestId('figure-value')).toHaveText(String(want.blocked))
  await expect(figure(page, 'Anonymous').getByTestId('figure-value')).toHaveText(String(want.anonymous))
  await expect(figure(page, 'Users')).toContainText('counted ')
  // Six cards to a row in a 1440 px window: each caption whole, the time said once, on Users.
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect(figure(page, 'Blocked')).toContainText('% of users')
  await expect(figure(page, 'Blocked')).not.toContainText('counted')
  for (const card of await page.getByRole('list', { name: 'Key figures' }).getByRole('listitem').all()) {
    const caption = card.locator('p').last()
    expect(await caption.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  }

  // The demo's people registered in 2023–2024: the chart opens on all of it, a bar per week.
  const chart = page.getByTestId('registrations-chart')
  await expect(chart).toHaveAttribute('aria-label', /^Registrations per week, .*: 120$/)
  await expect(chart.locator('.recharts-bar-rectangle').first()).toBeVisible()
  await expect(page.getByTestId('registered-in-range')).toHaveText('120')
  const labels = page.getByRole('region', { name: 'Labels in use' })
  await expect(labels.getByText('beta').first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('overview-chart'), fullPage: true, animations: 'disabled' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({
    path: screenshotPath('overview-chart-dark'),
    fullPage: true,
    animations: 'disabled',
  })
  await page.emulateMedia({ colorScheme: 'light' })

  // Range: the last 30 days hold nobody; per day over all time holds everybody.
  const range = page.getByRole('region', { name: 'Registrations' })
  await range.getByText('30 days', { exact: true }).click()
  await expect(range.getByText('Nobody registered in this range.')).toBeVisible()
  await expect(range.getByText(/The last registration was on/)).toBeVisible()
  await range.getByText('All time', { exact: true }).click()
  await range.getByText('Day', { exact: true }).click()
  await expect(chart).toHaveAttribute('aria-label', /^Registrations per day, .*: 120$/)

  // Someone adds a user outside Userdeck: the cached figure stays until Refresh counts again.
  const demo = await host.core.projects.resolve('demo')
  await demo.clients.users.create({ userId: ID.unique(), email: 'overview.e2e@example.com' })
  await page.getByRole('button', { name: 'Refresh' }).click()
  await expect(figure(page, 'Users').getByTestId('figure-value')).toHaveText(String(want.users + 1))
  await expect(page.getByTestId('registered-in-range')).toHaveText('121')

  // A custom range, from the first of this month to today, holds only that new user.
  await range.getByText('Custom', { exact: true }).click()
  const now = new Date()
  const dayLabel = (day: number) =>
    `${day} ${now.toLocaleString('en-US', { month: 'long' })} ${now.getFullYear()}`
  await page.getByRole('button', { name: dayLabel(1), exact: true }).click()
  await page.getByRole('button', { name: dayLabel(now.getDate()), exact: true }).click()
  await expect(page.getByTestId('registered-in-range')).toHaveText('1')
  await range.getByText('All time', { exact: true }).click()

  // A job of Userdeck's own: when it ends, the Overview counts again by itself.
  const ids = (await demo.clients.users.list({ queries: [Query.limit(3)] })).users.map((u) => u.$id)
  const job = await dispatch<JobView>(host, 'labels.bulk', {
    project: 'demo',
    selection: { ids },
    op: 'add',
    labels: ['overviewe2e'],
  })
  await dispatch(host, 'jobs.start', { jobId: job.id })
  await expect(labels.getByText('overviewe2e')).toBeVisible()
})

test('fleet view: every project side by side, an unreachable one says why', async ({ page, host }) => {
  await dispatch<ProjectView>(host, 'projects.add', {
    name: 'Second shop',
    endpoint: second.url,
    projectId: 'second',
    key: KEY,
    colour: 'orange',
    tag: 'staging',
  })
  await dispatch<ProjectView>(host, 'projects.add', {
    name: 'Offline shop',
    endpoint: 'http://127.0.0.1:9/v1',
    projectId: 'offline',
    key: KEY,
    colour: 'red',
    tag: 'production',
  })
  await reloadWindow(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Overview', { exact: true }).click()
  await page.getByText('All projects', { exact: true }).click()

  const fleet = page.getByRole('list', { name: 'Projects' })
  await expect(fleet.getByRole('listitem')).toHaveCount(3)
  const shop = fleet.getByRole('listitem', { name: 'Second shop' })
  await expect(shop.getByRole('group', { name: 'Users' })).toContainText('40')
  await expect(shop.getByText('staging')).toBeVisible()
  await expect(shop.getByTestId('fleet-server')).toHaveText('Appwrite 1.7.4')
  const demo = fleet.getByRole('listitem', { name: /demo/i })
  await expect(demo.getByRole('group', { name: 'Users' })).toContainText('120')
  const offline = fleet.getByRole('listitem', { name: 'Offline shop' })
  await expect(offline.getByText('Unreachable')).toBeVisible()
  await expect(offline.getByRole('status')).toContainText(/Could not reach the endpoint/)
  await expect(shop.getByText(/^counted /)).toBeVisible()
  await page.screenshot({ path: screenshotPath('overview-fleet'), fullPage: true, animations: 'disabled' })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({
    path: screenshotPath('overview-fleet-dark'),
    fullPage: true,
    animations: 'disabled',
  })

  // A project's name opens its own Overview.
  await shop.getByRole('button', { name: "Open Second shop's Overview" }).click()
  await expect(figure(page, 'Users').getByTestId('figure-value')).toHaveText('40')
})

test('a long count says how many users it has read so far', async ({ page, host, startSandbox: start }) => {
  const sandbox = await start({ projectId: 'counting', apiKey: KEY, seed: 2500 })
  await openSandboxProject(page, host, sandbox, { name: 'Counting shop', key: KEY, tag: 'staging' })
  await expect(page.getByTestId('users-count')).toHaveText(/2,500 users/)
  // The count asks Appwrite's total, then reads every user a page of 1,000 at a time: it waits after
  // the first page, as a big project's count would, until the test lets it go on.
  const hold = sandbox.hold({
    after: 2,
    match: ({ method, path }) => method === 'GET' && path === '/v1/users',
  })
  await page.keyboard.press('g')
  await page.keyboard.press('o')
  await hold.reached()
  await expect(page.getByTestId('counting-progress')).toHaveText('1,000 users read so far')
  hold.release()
  await expect(figure(page, 'Users').getByTestId('figure-value')).toHaveText('2,500')
  await expect(page.getByTestId('counting-progress')).toBeHidden()
})

test('past Appwrite’s cap the users list says “5,000+”, then the Overview’s count with its time', async ({
  page,
  host,
  startSandbox: start,
}) => {
  const sandbox = await start({ projectId: 'capped', apiKey: KEY, seed: 5200 })
  await openSandboxProject(page, host, sandbox, { name: 'Capped shop', key: KEY, tag: 'staging' })
  // Appwrite's own total stops at 5,000, and the list does not count past it by itself.
  await expect(page.getByTestId('users-count')).toHaveText(/^5,000\+ users/)
  await page.keyboard.press('g')
  await page.keyboard.press('o')
  await expect(figure(page, 'Users').getByTestId('figure-value')).toHaveText('5,200')
  await page.keyboard.press('g')
  await page.keyboard.press('u')
  await expect(page.getByTestId('users-count')).toHaveText(/^5,200 users \(counted \d{1,2}:\d{2}/)
  await page.screenshot({ path: screenshotPath('users-count-past-cap') })
  // A search is Appwrite's to count: the project's count says nothing of it.
  await page.getByRole('textbox', { name: 'Search users' }).fill('gmail')
  await expect(page.getByTestId('users-count')).not.toContainText('counted')
})
