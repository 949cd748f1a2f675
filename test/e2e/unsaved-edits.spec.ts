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

  await discardAndCloseDrawer(page)
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

/**
 * A user's drawer belongs to their project. Users brought over from another project often keep their
 * id, so the same id in two projects is two people: the drawer of one never reads the other, and an
 * edit typed for one is never shown on, or saved to, the other.
 */
test('a drawer stays with its project: Show all elsewhere leaves it behind, and an edit typed for one project’s user never reaches a same-id user in another', async ({
  page,
  host,
  startSandbox,
}) => {
  const listed = await host.dispatch('users.list', { project: 'demo', limit: 20 })
  const [twin, other] = (listed.ok ? (listed.value as UserPage).users : []).filter((u) => u.name)
  const sandbox = await startSandbox({ projectId: 'twins', apiKey: 'key-twins', seed: 0 })
  const shop = await addSandboxProject(host, sandbox, { name: 'Shop', tag: 'staging', key: 'key-twins' })
  const people = [{ userId: twin!.id, name: 'Shop Twin' }].concat(
    ['Ada', 'Bram', 'Cleo', 'Dov', 'Edda', 'Finn', 'Gus', 'Hana'].map((n, i) => ({
      userId: `zeph${i}`,
      name: `${n} Zephyrine`,
    })),
  )
  for (const person of people) {
    const created = await host.dispatch('users.create', { project: shop.id, ...person })
    if (!created.ok) throw new Error(created.error.message)
  }
  await reloadWindow(page)
  const name = page.getByRole('textbox', { name: 'Name' })
  const drawerOpen = page.getByRole('button', { name: 'Close user detail' })
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  /** Ctrl-K's "Show all" of Shop's eight Zephyrines, from wherever the window is. */
  const showAllInShop = async () => {
    await page.keyboard.press('Control+k')
    const box = page.getByRole('textbox', { name: 'Search every project' })
    await expect(box).toBeFocused()
    await page.keyboard.type('zephyrine')
    await expect(box).toHaveValue('zephyrine')
    const hits = page.getByTestId(`spotlight-project-${shop.id}`)
    await expect(hits).toContainText('8 (showing 6)')
    await hits.getByRole('button', { name: /^Show all 8 matches in Shop/ }).click()
    await expect(switcher).toContainText('Shop')
    await expect(userRows(page)).toHaveCount(8)
  }

  // The demo's user, with a name typed and not saved; then Shop's list, from Ctrl-K.
  await openUserById(page, twin!.id)
  await name.fill('Typed In Demo')
  await showAllInShop()
  // Not the demo's drawer over Shop's list, reading the same id there.
  await expect(drawerOpen).toHaveCount(0)
  await expect(page.getByText('This user no longer exists')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('user-drawer-left-with-its-project') })

  // Shop's user of that id is shown as Shop has them, with no edit of the demo's; Esc closes at once.
  await openUserById(page, twin!.id)
  await expect(name).toHaveValue('Shop Twin')
  await page.keyboard.press('Escape')
  await expect(drawerOpen).toHaveCount(0)
  expect(sandbox.store.users.get(twin!.id)?.name).toBe('Shop Twin')

  // Back in the demo, the edit typed there is still there, and Esc still asks before it goes.
  await chooseProject(page, 'Demo project')
  // The demo's whole list, not Shop's one row of that id, before it is searched.
  await expect(userRows(page).nth(1)).toBeVisible()
  await openUserById(page, twin!.id)
  await expect(name).toHaveValue('Typed In Demo')
  await discardAndCloseDrawer(page)

  // A drawer with nothing unsaved is closed by Show all, the list asked for: none is back later.
  await openUserById(page, other!.id)
  await expect(name).toHaveValue(other!.name)
  await showAllInShop()
  await expect(drawerOpen).toHaveCount(0)
  await chooseProject(page, 'Demo project')
  await expect(userRows(page).nth(1)).toBeVisible()
  await expect(drawerOpen).toHaveCount(0)
})
