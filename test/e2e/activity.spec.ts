import type { Locator } from '@playwright/test'
import type { ProjectView } from '@shared/models'
import type { Host } from '../../src/host/host'
import { test, expect, openUserById, reloadWindow, screenshotPath, userRows } from './fixtures'

const KEY = 'e2e_activity_key_0123456789'
const PROJECT = 'Shop customers (Europe)'

async function send(host: Host, channel: Parameters<Host['dispatch']>[0], input: unknown): Promise<unknown> {
  const r = await host.dispatch(channel, input as never)
  if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
  return r.value
}

test('Activity names the project in full with its colour, says each change in words with a prefs diff, and a user’s History is theirs alone', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'shop-eu', apiKey: KEY, seed: 0 })
  const shop = (await send(host, 'projects.add', {
    name: PROJECT,
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
    key: KEY,
    tag: 'staging',
    colour: 'grape',
  })) as ProjectView
  const update = (userId: string, change: Record<string, unknown>) =>
    send(host, 'users.update', { project: shop.id, userId, change })
  await send(host, 'users.create', {
    project: shop.id,
    userId: 'ann',
    email: 'ann@example.com',
    phone: '+14155550111',
    name: 'Ann Example',
  })
  await send(host, 'users.create', { project: shop.id, userId: 'bob', email: 'bob@example.com' })
  await update('ann', { prefs: { theme: 'light', plan: 'free' } })
  await update('ann', { prefs: { theme: 'dark', seats: 12 } })
  await update('bob', { name: 'Bob Other' })
  await update('bob', { status: false, emailVerification: true })
  await reloadWindow(page)

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const activity = page.getByRole('table', { name: 'Activity' })
  const latestPrefs = activity.getByRole('row').filter({ hasText: 'Changed preferences' }).first()
  // The project by its whole name, in its colour, with its tag: not "S…".
  const name = latestPrefs.getByText(PROJECT, { exact: true })
  await expect(name).toBeVisible()
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  const tag = latestPrefs.getByText('staging', { exact: true })
  await expect(tag).toBeVisible()
  expect(await tag.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  // Nor does it run into the next column: each row's project cell holds its name and tag.
  for (const cell of await activity.locator('tbody tr td:nth-child(2)').all())
    expect(await cell.evaluate((td) => td.scrollWidth <= td.clientWidth)).toBe(true)
  const dot = name.locator('xpath=preceding-sibling::span[1]')
  expect(await dot.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(190, 75, 219)')
  // The user by name beside the id, and the preferences as the keys that changed.
  await expect(latestPrefs.getByText('Ann Example', { exact: true })).toBeVisible()
  await expect(latestPrefs.getByText('ann', { exact: true })).toBeVisible()
  const diff = latestPrefs.locator('code')
  await expect(diff).toHaveText(['~ theme: light → dark', '- plan: free', '+ seats: 12'])
  // A created user is listed by what it was made with; its messaging targets by kind and address.
  const created = activity.getByRole('row').filter({ hasText: 'Created the user' }).filter({ hasText: 'Ann' })
  await expect(created.locator('code')).toHaveText(['+ email ann@example.com', '+ sms +14155550111'])
  await expect(created.getByText('email: ann@example.com', { exact: true })).toBeVisible()
  await expect(created).not.toContainText('password update')
  await expect(created).not.toContainText('—')
  // Its moments in the machine's clock, as every other time in the window: not Appwrite's ISO strings.
  await expect(created).not.toContainText(/\d{4}-\d{2}-\d{2}T\d{2}:/)
  await expect(created).toContainText(/registration: \w{3} \d{1,2}, \d{4}/)
  await expect(activity).not.toContainText('[object Object]')
  await expect(activity.getByText('Changed name', { exact: true })).toBeVisible()
  // Yes-or-no fields in the list's words, not Appwrite's booleans.
  const flags = activity.getByRole('row').filter({ hasText: 'Changed status and email verification' })
  await expect(flags).toContainText('status: active → blocked')
  await expect(flags).toContainText('email verification: not verified → verified')
  await page.screenshot({ path: screenshotPath('activity-project-and-prefs-diff'), fullPage: true })

  // In the drawer: copy buttons, and the History tab lists Ann's entries only.
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await page.getByRole('combobox', { name: 'Project', exact: true }).click()
  await page.getByRole('option', { name: PROJECT, exact: true }).click()
  await page.getByRole('textbox', { name: 'Search users' }).fill('ann@example.com')
  const rows = page.getByRole('table', { name: 'Users' }).getByRole('row')
  await expect(rows).toHaveCount(2)
  await rows.nth(1).dblclick()
  const drawer = page.getByRole('dialog', { name: 'Ann Example', exact: true })
  for (const what of ['email', 'phone', 'user id'])
    await expect(drawer.getByRole('button', { name: `Copy ${what}`, exact: true })).toBeVisible()

  // No recovery codes yet: nothing to show, only to create. Once made, they can be shown.
  await drawer.getByRole('tab', { name: 'MFA' }).click()
  await expect(drawer.getByRole('button', { name: 'Create recovery codes' })).toBeVisible()
  await expect(drawer.getByRole('button', { name: 'Show recovery codes' })).toHaveCount(0)
  await drawer.getByRole('button', { name: 'Create recovery codes' }).click()
  await expect(drawer.getByRole('button', { name: 'Show recovery codes' })).toBeVisible()
  await expect(drawer.getByRole('button', { name: 'Replace recovery codes' })).toBeVisible()

  await drawer.getByRole('tab', { name: 'History' }).click()
  const history = drawer.getByRole('table', { name: 'Activity' })
  // A write that answers with no user (recovery codes) still names whom it was about.
  await expect(
    history.getByRole('row').filter({ hasText: 'Made MFA recovery codes' }).getByText('Ann Example'),
  ).toBeVisible()
  await expect(history.getByText('Changed preferences', { exact: true })).toHaveCount(2)
  await expect(history.getByText('Created the user', { exact: true })).toBeVisible()
  await expect(history.locator('tbody tr')).toHaveCount(4)
  await expect(history).not.toContainText('bob')
  // The drawer already names the project: its History has no project column.
  await expect(history.getByRole('columnheader', { name: 'Project' })).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('user-history-tab'), animations: 'disabled' })
})

test('an undo refused for a later change says which, and offers to undo it anyway', async ({
  page,
  host,
}) => {
  const listed = (await send(host, 'users.list', { project: 'demo', limit: 5 })) as {
    users: { id: string; name: string; email: string }[]
  }
  const someone = listed.users.filter((u) => u.email)[2]!
  const other = listed.users.find((u) => u.id !== someone.id)!
  await send(host, 'users.update', { project: 'demo', userId: other.id, change: { name: 'Someone Else' } })
  await send(host, 'users.update', { project: 'demo', userId: someone.id, change: { name: 'First Edit' } })
  await send(host, 'users.update', { project: 'demo', userId: someone.id, change: { name: 'Second Edit' } })

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const activity = page.getByRole('table', { name: 'Activity' })
  const undos = activity.getByRole('button', { name: `Undo “Changed name” for ${someone.id}` })
  await expect(undos).toHaveCount(2)
  await expect(activity.locator('tbody tr')).toHaveCount(3)
  // Found by the email a support person has, in any case: their two changes and nothing else.
  await page.getByRole('textbox', { name: 'User' }).fill(someone.email.toUpperCase())
  await expect(activity.locator('tbody tr')).toHaveCount(2)
  await expect(undos).toHaveCount(2)
  // The older change: the name has been changed again since.
  await undos.nth(1).click()
  const refused = page.getByRole('alert').filter({ hasText: 'Could not undo “Changed name”' })
  await expect(refused).toContainText("The user's name changed since; undoing would overwrite that.")
  await page.screenshot({ path: screenshotPath('activity-undo-refused') })
  await refused.getByRole('button', { name: 'Undo anyway' }).click()
  await expect(refused).toHaveCount(0)
  const after = (await send(host, 'users.get', { project: 'demo', userId: someone.id })) as { name: string }
  expect(after.name).toBe(someone.name)
})

test("an undo in a user's History shows in their drawer and the list, and Undo on a notification shows in History", async ({
  page,
  host,
}) => {
  const listed = (await send(host, 'users.list', {
    project: 'demo',
    limit: 5,
    filters: { status: 'active' },
  })) as { users: { id: string }[] }
  const userId = listed.users[2]!.id
  await openUserById(page, userId)
  const drawer = page.getByRole('dialog')
  await drawer.getByRole('button', { name: 'Block', exact: true }).click()
  await expect(drawer.getByRole('button', { name: 'Unblock', exact: true })).toBeVisible()
  await drawer.getByRole('tab', { name: 'History' }).click()
  const history = drawer.getByRole('table', { name: 'Activity' })
  await history.getByRole('button', { name: /^Undo “Blocked”/ }).click()
  await expect(history).toContainText('Undid “Blocked”')
  await expect(drawer.getByRole('button', { name: 'Block', exact: true })).toBeVisible()
  await expect(drawer.getByText('Active', { exact: true })).toBeVisible()
  await expect(userRows(page).first()).toContainText('Active')
  await page.screenshot({ path: screenshotPath('activity-history-undo-drawer') })

  // The other way round: the notification's Undo, with History open.
  await drawer.getByRole('button', { name: 'Block', exact: true }).click()
  await expect(history.getByRole('button', { name: /^Undo “Blocked”/ })).toBeVisible()
  await page
    .getByRole('alert')
    .filter({ hasText: 'User blocked' })
    .last()
    .getByRole('button', { name: 'Undo' })
    .click()
  await expect(history.getByRole('button', { name: /^Undo/ })).toHaveCount(0)
  await expect(history.getByText('Undid “Blocked”')).toHaveCount(2)
  expect(await send(host, 'users.get', { project: 'demo', userId })).toMatchObject({ status: true })
})

/** Whether a button's whole box is inside the window and inside the table's scrolled box. */
async function seenWhole(button: Locator): Promise<boolean> {
  return button.evaluate((el) => {
    const box = el.getBoundingClientRect()
    const scroller = el.closest('table')!.parentElement!.parentElement!.getBoundingClientRect()
    return box.left >= scroller.left && box.right <= Math.min(scroller.right, window.innerWidth)
  })
}

test('in a narrow window the log scrolls sideways: the change keeps its width and Undo stays pinned in sight', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  const listed = (await send(host, 'users.list', { project: 'demo', limit: 5 })) as {
    users: { id: string }[]
  }
  const userId = listed.users[1]!.id
  await send(host, 'users.update', {
    project: 'demo',
    userId,
    change: { prefs: { theme: 'dark', language: 'en', newsletter: true, vip: true } },
  })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const table = page.getByRole('table', { name: 'Activity' })
  const row = table.getByRole('row').filter({ hasText: 'Changed preferences' })
  const change = row.locator('td').nth(4)
  expect((await change.boundingBox())!.width).toBeGreaterThan(200)
  // The table is wider than its box, yet Undo is in sight without scrolling, and stays there.
  await expect(table).toHaveAttribute('data-overflows', 'true')
  const undo = row.getByRole('button', { name: /^Undo/ })
  expect(await seenWhole(undo)).toBe(true)
  await page.screenshot({ path: screenshotPath('activity-narrow-window') })
  await table.evaluate((el) => el.parentElement!.parentElement!.scrollBy({ left: 120 }))
  await expect
    .poll(() => table.evaluate((el) => el.parentElement!.parentElement!.scrollLeft))
    .toBeGreaterThan(0)
  expect(await seenWhole(undo)).toBe(true)
  await expect(undo).toBeInViewport({ ratio: 1 })
  await page.screenshot({ path: screenshotPath('activity-narrow-window-scrolled') })

  // A user's History, in the drawer of a wide window, pins it the same way.
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await openUserById(page, userId)
  const drawer = page.getByRole('dialog')
  await drawer.getByRole('tab', { name: 'History' }).click()
  const historyUndo = drawer.getByRole('button', { name: /^Undo “Changed preferences”/ })
  await expect(historyUndo).toBeVisible()
  expect(await seenWhole(historyUndo)).toBe(true)
  await page.screenshot({ path: screenshotPath('activity-history-pinned-undo') })
})

test('a removed project’s changes say so where Undo was, and why on hover', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'closed', apiKey: KEY, seed: 0 })
  const shop = (await send(host, 'projects.add', {
    name: 'Closed shop',
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
    key: KEY,
    tag: 'development',
  })) as ProjectView
  await send(host, 'users.create', { project: shop.id, userId: 'cy', email: 'cy@example.com' })
  await send(host, 'users.update', { project: shop.id, userId: 'cy', change: { name: 'Cy Before' } })
  await send(host, 'projects.remove', { project: shop.id })
  await reloadWindow(page)

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const row = page
    .getByRole('table', { name: 'Activity' })
    .getByRole('row')
    .filter({ hasText: 'Changed name' })
  await expect(row.getByText('Closed shop', { exact: true })).toBeVisible()
  await expect(row.getByRole('button', { name: /^Undo/ })).toHaveCount(0)
  const gone = row.getByText('project removed', { exact: true })
  await gone.hover()
  await expect(page.getByRole('tooltip')).toHaveText(
    '"Closed shop" has been removed from Userdeck, so its changes cannot be undone here. A project added again is new to Userdeck and does not take on the history of the one removed.',
  )
  await page.screenshot({ path: screenshotPath('activity-project-removed') })
})
