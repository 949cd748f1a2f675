import type { Page } from '@playwright/test'
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server'
import type { Host } from '../../src/host/host'
import type { ProjectView } from '@shared/models'
import { test, expect, addSandboxProject, screenshotPath } from './fixtures'

/**
 * A project on a server started as self-hosted Appwrite 1.9.5 shows that version, and its users offer
 * no last-access sort or filter, each saying why; a project on the default sandbox (the newest
 * behaviour, Cloud's) offers both.
 */
const KEY = 'standard_e2e_versions_0123456789abcdef'
let old: RunningSandbox
let latest: RunningSandbox

test.beforeAll(async () => {
  const common = { port: 0, apiKey: KEY, seed: 15, quiet: true }
  old = await startSandbox({ ...common, projectId: 'old-shop', appwriteVersion: '1.9.5' })
  latest = await startSandbox({ ...common, projectId: 'new-shop' })
})
test.afterAll(async () => {
  await old.close()
  await latest.close()
})

function addProject(host: Host, name: string, sb: RunningSandbox): Promise<ProjectView> {
  return addSandboxProject(host, sb, { name, colour: 'teal', tag: 'staging', key: KEY })
}

async function openUsersOf(page: Page, name: string): Promise<void> {
  await page.getByRole('combobox', { name: 'Project', exact: true }).click()
  await page.getByRole('option', { name }).click()
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await expect(page.getByTestId('users-count')).toContainText('15 users')
}

test('the version decides which last-access controls are offered', async ({ page, host }) => {
  await addProject(host, 'Old shop', old)
  await addProject(host, 'New shop', latest)

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  const oldCard = page.getByRole('listitem', { name: 'Old shop' })
  await expect(oldCard.getByTestId('project-server')).toHaveText('Appwrite 1.9.5')
  await expect(page.getByRole('listitem', { name: 'New shop' }).getByTestId('project-server')).toHaveText(
    'Appwrite (latest)',
  )
  await page.screenshot({
    path: screenshotPath('versions-project-cards'),
    fullPage: true,
    animations: 'disabled',
  })

  const reason = 'Appwrite 1.9.5 cannot sort or filter by last access.'
  await openUsersOf(page, 'Old shop')
  const header = page.getByRole('columnheader', { name: `Last access: ${reason}` })
  await expect(header).toBeVisible()
  await expect(header.getByRole('button')).toHaveCount(0)
  const moreFilters = page.getByRole('button', { name: /^More filters/ })
  await moreFilters.click()
  await expect(page.getByLabel('Last access', { exact: true })).toBeDisabled()
  await page.keyboard.press('Escape')
  await header.getByText('Last access').hover()
  await expect(page.getByRole('tooltip', { name: reason })).toBeVisible()
  await page.screenshot({ path: screenshotPath('versions-1.9.5-users'), animations: 'disabled' })
  // The switcher's tooltip names the server too.
  await page.getByRole('combobox', { name: 'Project', exact: true }).hover()
  await expect(page.getByRole('tooltip', { name: /Appwrite 1\.9\.5/ })).toBeVisible()

  await openUsersOf(page, 'New shop')
  const sortable = page.getByRole('columnheader', { name: 'Last access' })
  await sortable.getByRole('button').click()
  await expect(sortable).toHaveAttribute('aria-sort', 'ascending')
  await moreFilters.click()
  await expect(page.getByLabel('Last access', { exact: true })).toBeEnabled()
  await page.screenshot({ path: screenshotPath('versions-latest-users'), animations: 'disabled' })
})
