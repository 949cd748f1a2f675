import type { UserPage, UserRecord } from '@shared/models'
import {
  test,
  expect,
  addSandboxProject,
  chooseProject,
  discardAndCloseDrawer,
  openUserById,
  reloadWindow,
  screenshotPath,
  userRows,
} from './fixtures'

test('a save whose email another user has: the name is saved, and the notice says the email was not, and why', async ({
  page,
  host,
}) => {
  const listed = await host.dispatch('users.list', {
    project: 'demo',
    limit: 50,
    filters: { status: 'active' },
  })
  const users = (listed.ok ? (listed.value as UserPage).users : []).filter((u) => u.email)
  const [user, other] = users as [UserRecord, UserRecord]
  await openUserById(page, user.id)

  await page.getByRole('textbox', { name: 'Name' }).fill('Partly Saved')
  const email = page.getByRole('textbox', { name: 'Email' })
  await email.fill(other.email!)
  await page.getByRole('button', { name: 'Save changes' }).click()

  const notice = page.locator('.mantine-Notification-root').filter({ hasText: 'Partly saved' })
  await expect(notice).toContainText(
    'Saved name. Email not saved: Another user already has this email address.',
  )
  await expect(notice.getByRole('button', { name: 'Undo' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('user-drawer-partly-saved') })

  const after = await host.dispatch('users.get', { project: 'demo', userId: user.id })
  expect(after.ok && (after.value as UserRecord)).toMatchObject({ name: 'Partly Saved', email: user.email })
  // What was not saved is still in the form, to fix and save again.
  await expect(email).toHaveValue(other.email!)

  // The notice leads to the user who has that email; the edit not saved here waits for the return.
  await notice.getByRole('button', { name: 'Open that user' }).click()
  await expect(notice).toBeHidden()
  const drawer = page.getByRole('dialog')
  await expect(drawer.getByRole('textbox', { name: 'Email' })).toHaveValue(other.email!)
  await expect(drawer.getByRole('textbox', { name: 'Name' })).toHaveValue(other.name)
  await page.keyboard.press('Escape')
  await openUserById(page, user.id)
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(other.email!)
})

test('a save refused only for a taken email says who has it, and opens them', async ({ page, host }) => {
  const listed = await host.dispatch('users.list', { project: 'demo', limit: 50 })
  const users = (listed.ok ? (listed.value as UserPage).users : []).filter((u) => u.email && u.name)
  const [user, other] = users as [UserRecord, UserRecord]
  await openUserById(page, user.id)
  await page.getByRole('textbox', { name: 'Email' }).fill(other.email!.toUpperCase())
  await page.getByRole('button', { name: 'Save changes' }).click()

  const notice = page.locator('.mantine-Notification-root').filter({ hasText: 'Could not save' })
  await expect(notice).toContainText('Another user already has this email address.')
  await page.screenshot({ path: screenshotPath('user-drawer-email-taken') })
  await notice.getByRole('button', { name: 'Open that user' }).click()
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(other.name)
})

test('a save’s notice outlives a switch of project: its Undo and its Open that user act in the project of the save', async ({
  page,
  host,
  startSandbox,
}) => {
  const listed = await host.dispatch('users.list', { project: 'demo', limit: 50 })
  const users = (listed.ok ? (listed.value as UserPage).users : []).filter((u) => u.email && u.name)
  const [user, other] = users as [UserRecord, UserRecord]
  const sandbox = await startSandbox({ projectId: 'elsewhere', apiKey: 'key-elsewhere', seed: 3 })
  await addSandboxProject(host, sandbox, { name: 'Shop', tag: 'staging', key: 'key-elsewhere' })
  await reloadWindow(page)
  const name = page.getByRole('textbox', { name: 'Name' })
  const email = page.getByRole('textbox', { name: 'Email' })
  /** The drawer closed, its email not saved let go, and Shop's list shown. */
  const toShop = async () => {
    await discardAndCloseDrawer(page)
    await chooseProject(page, 'Shop')
    await expect(userRows(page)).toHaveCount(3)
  }

  // A name saved and an email refused; the notice stays while the person goes to Shop.
  await openUserById(page, user.id)
  await name.fill('Saved Then Undone')
  await email.fill(other.email!)
  await page.getByRole('button', { name: 'Save changes' }).click()
  const partly = page.locator('.mantine-Notification-root').filter({ hasText: 'Partly saved' })
  await expect(partly.getByRole('button', { name: 'Undo' })).toBeVisible()
  await toShop()
  // Undone in the demo, and read again from there: Shop, where no such user is, is not asked.
  await partly.getByRole('button', { name: 'Undo' }).click()
  const undone = page.locator('.mantine-Notification-root').filter({ hasText: 'Undone' })
  await expect(undone).toContainText('Reversed: saved name.')
  await expect(page.getByText('Could not undo')).toHaveCount(0)
  const after = await host.dispatch('users.get', { project: 'demo', userId: user.id })
  expect(after.ok && (after.value as UserRecord).name).toBe(user.name)

  // A save refused for the email: from Shop, its Open that user goes back to the demo, to them.
  await chooseProject(page, 'Demo project')
  await expect(userRows(page).nth(3)).toBeVisible()
  await openUserById(page, user.id)
  await email.fill(other.email!)
  await page.getByRole('button', { name: 'Save changes' }).click()
  const refused = page.locator('.mantine-Notification-root').filter({ hasText: 'Could not save' })
  await expect(refused.getByRole('button', { name: 'Open that user' })).toBeVisible()
  await toShop()
  await refused.getByRole('button', { name: 'Open that user' }).click()
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Demo project')
  await expect(name).toHaveValue(other.name)
  await expect(email).toHaveValue(other.email!)
})

test('a save refused after its drawer has closed still leads to the user who has the email', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'desk', apiKey: 'key-desk', seed: 6 })
  const desk = await addSandboxProject(host, sandbox, { name: 'Desk', tag: 'staging', key: 'key-desk' })
  await reloadWindow(page)
  await chooseProject(page, 'Desk')
  const listed = await host.dispatch('users.list', { project: desk.id, limit: 50 })
  const users = (listed.ok ? (listed.value as UserPage).users : []).filter((u) => u.email && u.name)
  const [user, other] = users as [UserRecord, UserRecord]

  // The server holds the email's change: the answer comes after the person has closed the drawer.
  const hold = sandbox.hold({ match: ({ method, path }) => method === 'PATCH' && path.endsWith('/email') })
  await openUserById(page, user.id)
  await page.getByRole('textbox', { name: 'Email' }).fill(other.email!)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await hold.reached()
  await discardAndCloseDrawer(page)
  hold.release()

  const refused = page.locator('.mantine-Notification-root').filter({ hasText: 'Could not save' })
  await expect(refused).toContainText('Another user already has this email address.')
  await refused.getByRole('button', { name: 'Open that user' }).click()
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(other.name)
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(other.email!)
})
