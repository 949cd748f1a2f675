import { startSandbox, type RunningSandbox } from '../../src/sandbox/server'
import { test, expect, openSandboxProject, screenshotPath, userDrawer } from './fixtures'

const KEY = 'standard_e2e_create_reasons_0123456789abcdef'

let readOnlyKey: RunningSandbox
test.beforeAll(async () => {
  readOnlyKey = await startSandbox({
    port: 0,
    projectId: 'lookup',
    apiKey: KEY,
    scopes: ['users.read'],
    seed: 6,
    quiet: true,
  })
})
test.afterAll(async () => {
  await readOnlyKey.close()
})

test('a disabled New user says why: a key without users.write', async ({ page, host }) => {
  await openSandboxProject(page, host, readOnlyKey, { name: 'Lookup desk', key: KEY })
  const button = page.getByRole('button', { name: 'New user' })
  await expect(button).toBeDisabled()
  await expect(button).toHaveAccessibleDescription(/This key lacks users.write/)
  await page.getByTestId('new-user-wrapper').hover()
  await expect(page.getByRole('tooltip')).toContainText('This key lacks users.write')
  await page.screenshot({ path: screenshotPath('new-user-disabled-why') })
})

test('a disabled Create user says what the form still needs', async ({ page }) => {
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  const create = dialog.getByRole('button', { name: 'Create user' })
  await expect(create).toBeDisabled()
  await expect(create).toHaveAccessibleDescription('Give at least an email, a phone or a name.')
  await dialog
    .locator('input')
    .and(dialog.getByLabel('Email', { exact: true }))
    .fill('new.person@example.com')
  await expect(create).toHaveAccessibleDescription(/Type a password of at least 8 characters/)
  await page.screenshot({ path: screenshotPath('create-user-disabled-why'), animations: 'disabled' })
  await dialog.locator('input[type=password]').fill('long enough password')
  await expect(create).toBeEnabled()
  await expect(dialog.getByText(/Type a password/)).toBeHidden()
})

test('Enter in the New user form creates the user once it is complete, and not before', async ({
  page,
  host,
}) => {
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  const email = dialog.locator('input').and(dialog.getByLabel('Email', { exact: true }))
  await email.fill('enter.person@example.com')
  await email.press('Enter')
  // Not complete yet (no password): nothing is created and the form stays.
  await expect(dialog.getByText(/Type a password of at least 8 characters/)).toBeVisible()
  const password = dialog.locator('input[type=password]')
  await password.fill('long enough password')
  await password.press('Enter')
  await expect(dialog).toHaveCount(0)
  const found = await host.dispatch('users.list', { project: 'demo', search: 'enter.person@example.com' })
  expect(found.ok && (found.value as { users: { email: string }[] }).users.map((u) => u.email)).toEqual([
    'enter.person@example.com',
  ])
})

test('a user created from a hash: its algorithm is named in words, in the form and in Activity', async ({
  page,
}) => {
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await dialog
    .locator('input')
    .and(dialog.getByLabel('Email', { exact: true }))
    .fill('hashed.person@example.com')
  await dialog.getByText('Password hash', { exact: true }).click()
  await dialog.getByRole('combobox', { name: 'Hash algorithm' }).click()
  const options = page.getByRole('listbox').getByRole('option')
  await expect(options).toHaveText(['Argon2', 'Bcrypt', 'MD5', 'PHPass (WordPress, phpBB)', 'SHA-256'])
  await options.filter({ hasText: 'Bcrypt' }).click()
  await dialog
    .getByLabel('Hash', { exact: true })
    .fill('$2y$10$JtmBeAqkE8qJ8UQQNhCpXOqGMdq4lT8Osm.qQcrZw0iNHqmFmQrdS')
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await expect(dialog).toHaveCount(0)
  // The new user opens in the drawer, over the navigation: it is closed before Activity is reached.
  const drawer = userDrawer(page)
  await expect(drawer).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(drawer).toHaveCount(0)

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const created = page
    .getByRole('table', { name: 'Activity' })
    .getByRole('row')
    .filter({ hasText: 'Created the user' })
    .filter({ hasText: 'hashed.person@example.com' })
  await expect(created).toContainText('password: Bcrypt hash')
  await expect(created).not.toContainText('bcrypt hash')
})
