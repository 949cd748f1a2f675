import type { UserPage, UserRecord } from '@shared/models'
import { test, expect, openUserById, screenshotPath, userRows } from './fixtures'

/**
 * What a person types in a user's drawer stays theirs until they save or discard it: another change
 * landing (a password set, a block), a tab left and come back to, or Esc pressed does not lose it.
 */
test('unsaved edits survive a password set, a block and a tab change, and Esc asks before discarding them', async ({
  page,
  host,
}) => {
  const listed = await host.dispatch('users.list', {
    project: 'demo',
    limit: 20,
    filters: { status: 'active' },
  })
  const user = (listed.ok ? (listed.value as UserPage).users : []).find(
    (u) => u.name && u.labels.length === 0,
  )!
  await openUserById(page, user.id)

  const name = page.getByRole('textbox', { name: 'Name' })
  await name.fill('Typed Not Saved')
  const labels = page.getByRole('combobox', { name: 'Labels' })
  await labels.fill('pending')
  await labels.press('Enter')

  await page.getByRole('textbox', { name: 'New password' }).fill('a-new-password-1')
  await page.getByRole('button', { name: 'Set password' }).click()
  await expect(page.locator('.mantine-Notification-root').filter({ hasText: 'Password set' })).toBeVisible()
  await page.getByRole('button', { name: 'Block', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Unblock', exact: true })).toBeVisible()
  await expect(name).toHaveValue('Typed Not Saved')
  await expect(page.getByRole('dialog').getByText('pending', { exact: true })).toBeVisible()
  // The block landed in the form too: the person did not touch that switch.
  await expect(page.getByRole('switch', { name: 'Active (can sign in)' })).not.toBeChecked()

  await page.getByRole('tab', { name: 'Sessions' }).click()
  await page.getByRole('tab', { name: 'Overview' }).click()
  await expect(name).toHaveValue('Typed Not Saved')

  await page.keyboard.press('Escape')
  const ask = page.getByRole('dialog', { name: 'Discard your changes?' })
  await expect(ask).toBeVisible()
  await page.screenshot({ path: screenshotPath('user-drawer-discard-ask') })
  await ask.getByRole('button', { name: 'Keep editing' }).click()
  await expect(name).toHaveValue('Typed Not Saved')

  await page.keyboard.press('Escape')
  await page
    .getByRole('dialog', { name: 'Discard your changes?' })
    .getByRole('button', { name: 'Discard and close' })
    .click()
  await expect(page.getByRole('button', { name: 'Close user detail' })).toHaveCount(0)
  const after = await host.dispatch('users.get', { project: 'demo', userId: user.id })
  expect(after.ok && (after.value as UserRecord)).toMatchObject({
    name: user.name,
    labels: [],
    status: false,
  })

  // Reopened, the drawer shows the user as stored: what was discarded is gone.
  await userRows(page).first().dblclick()
  await expect(name).toHaveValue(user.name)
  // With nothing unsaved, Esc closes at once.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('button', { name: 'Close user detail' })).toHaveCount(0)
})

test('Enter in a field saves the changes; Enter in the new password sets it', async ({ page, host }) => {
  const listed = await host.dispatch('users.list', {
    project: 'demo',
    limit: 20,
    filters: { status: 'active' },
  })
  const user = (listed.ok ? (listed.value as UserPage).users : [])[5]!
  await openUserById(page, user.id)

  const name = page.getByRole('textbox', { name: 'Name' })
  await name.fill('Saved With Enter')
  await name.press('Enter')
  await expect(page.locator('.mantine-Notification-root').filter({ hasText: 'Saved name' })).toBeVisible()
  const saved = await host.dispatch('users.get', { project: 'demo', userId: user.id })
  expect(saved.ok && (saved.value as UserRecord).name).toBe('Saved With Enter')

  const password = page.getByRole('textbox', { name: 'New password' })
  await password.fill('a-new-password-2')
  await password.press('Enter')
  await expect(page.locator('.mantine-Notification-root').filter({ hasText: 'Password set' })).toBeVisible()
  await expect(password).toHaveValue('')
})
