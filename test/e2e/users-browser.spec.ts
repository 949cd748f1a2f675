import { readFileSync, statSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import type { Host } from '../../src/host/host'
import type { UserPage, UserRecord } from '@shared/models'
import type { Input } from '@shared/contract'
import {
  test,
  expect,
  addSandboxProject,
  chooseProject,
  holdPageClock,
  openSandboxProject,
  openUserById,
  refuseClipboardWrites,
  reloadWindow,
  screenshotPath,
  userRows,
  userDrawer,
} from './fixtures'

async function list(host: Host, input: Partial<Input<'users.list'>> = {}): Promise<UserPage> {
  const r = await host.dispatch('users.list', { project: 'demo', limit: 500, ...input })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as UserPage
}

async function get(host: Host, userId: string): Promise<UserRecord> {
  const r = await host.dispatch('users.get', { project: 'demo', userId })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as UserRecord
}

/** The input a form label names (Mantine also labels the listbox or the toggle with it). */
const field = (scope: Page | Locator, label: string) =>
  scope.locator('input, textarea').and(scope.getByLabel(label, { exact: true }))
const count = (page: Page) => page.getByTestId('users-count')
const rows = userRows

test('the list shows every column, searches as you type and says when nothing matches', async ({
  page,
  host,
}) => {
  await expect(count(page)).toContainText('120 users')
  await expect(page.getByRole('columnheader', { name: 'Last access' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-list') })

  // Appwrite's search is a prefix match per word, any word (MariaDB boolean mode): an id is one word.
  const someone = (await list(host)).users[42]!
  await page.getByRole('textbox', { name: 'Search users' }).fill(someone.id)
  await expect(count(page)).toHaveText('1 user')
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText(someone.email)
  const surname = someone.name.split(' ').at(-1)!
  await page.getByRole('textbox', { name: 'Search users' }).fill(surname)
  await expect(count(page)).toHaveText(`${(await list(host, { search: surname })).total} users`)
  await expect(rows(page).first()).toContainText(surname)

  await page.getByRole('textbox', { name: 'Search users' }).fill('zzzznobody')
  await expect(page.getByText('No user matches “zzzznobody”')).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-empty-search') })
})

test('each filter narrows the list on the server', async ({ page, host }) => {
  const expectCount = async (filters: Input<'users.list'>['filters']) => {
    const expected = (await list(host, { filters })).total
    await expect(count(page)).toHaveText(new RegExp(`^${expected} users`))
    return expected
  }
  await expect(count(page)).toContainText('120 users')
  // The filters the bar has no room for (in a 1360 px window, from Phone on) are under More filters.
  const moreFilters = () => page.getByRole('button', { name: /^More filters/ }).click()

  await field(page, 'Status').click()
  await page.getByRole('option', { name: 'Blocked' }).click()
  const blocked = await expectCount({ status: 'blocked' })
  expect(blocked).toBeGreaterThan(0)
  await expect(rows(page).first()).toContainText('Blocked')
  await field(page, 'Status').click()
  await page.getByRole('option', { name: 'Any' }).click()

  await field(page, 'Email').click()
  await page.getByRole('option', { name: 'Not verified' }).click()
  await expectCount({ emailVerified: false })
  await moreFilters()
  await field(page, 'Phone').click()
  await page.getByRole('option', { name: 'Verified', exact: true }).click()
  await expectCount({ emailVerified: false, phoneVerified: true })
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(count(page)).toContainText('120 users')

  // A label with capitals ("churnRisk"): shown as written, since Appwrite matches labels exactly.
  const labelled = (await list(host)).users.find((u) => u.labels.length === 1 && /[A-Z]/.test(u.labels[0]!))!
  const label = labelled.labels[0]!
  await field(page, 'Label').fill(label)
  await expectCount({ label })
  await expect(rows(page).first().locator('.ud-pill-outline')).toHaveText(label, { useInnerText: true })
  await field(page, 'Label').fill(label.toUpperCase())
  await expect(count(page)).toHaveText(/^0 users/)
  await expect(page.getByText('A label matches only as written, capitals included')).toBeVisible()
  await field(page, 'Label').fill('not-a-label')
  await expect(page.getByText('may contain only letters')).toBeVisible()
  await page.getByRole('button', { name: 'Clear filters' }).click()

  // Users without a session: Appwrite has no query for it, the host reads each one's sessions.
  await moreFilters()
  await field(page, 'Sessions').click()
  await page.getByRole('option', { name: 'None' }).click()
  const sessionless = await expectCount({ noSessions: true })
  expect(sessionless).toBeGreaterThan(0)
  expect(sessionless).toBeLessThan(120)
  await page.screenshot({ path: screenshotPath('users-filter-no-sessions') })
  await page.getByRole('button', { name: 'Clear filters' }).click()

  // Registered in 2023 (the seed spans 2023–2024): pick 1 Jan 2023 … 31 Dec 2023 in the calendar.
  await moreFilters()
  await page.getByLabel('Registered', { exact: true }).click()
  // The open calendar; its level control sits between the previous and next arrows.
  const calendar = page.locator('[data-dates-dropdown]')
  const header = calendar.getByRole('button').nth(1)
  await header.click() // month → year view
  await header.click() // year → decade view
  await calendar.getByRole('button', { name: '2023' }).click()
  await calendar.getByRole('button', { name: 'Jan' }).click()
  await calendar.getByRole('button', { name: '1 January 2023', exact: true }).click()
  await header.click()
  await calendar.getByRole('button', { name: 'Dec' }).click()
  await calendar.getByRole('button', { name: '31 December 2023', exact: true }).click()
  const in2023 = await expectCount({ registeredAfter: '2023-01-01', registeredBefore: '2023-12-31' })
  expect(in2023).toBeGreaterThan(0)
  expect(in2023).toBeLessThan(120)
  await page.screenshot({ path: screenshotPath('users-filter-registered') })
  await page.getByRole('button', { name: 'Clear filters' }).click()

  await moreFilters()
  await page.getByLabel('Password changed', { exact: true }).click()
  await header.click()
  await header.click()
  await calendar.getByRole('button', { name: '2024' }).click()
  await calendar.getByRole('button', { name: 'Jan' }).click()
  await calendar.getByRole('button', { name: '1 January 2024', exact: true }).click()
  await header.click()
  await calendar.getByRole('button', { name: 'Jun' }).click()
  await calendar.getByRole('button', { name: '30 June 2024', exact: true }).click()
  await expectCount({ passwordChangedAfter: '2024-01-01', passwordChangedBefore: '2024-06-30' })
})

test('at 1024×700 the filters take one row beside the search, and those folded under More filters work and are counted', async ({
  page,
  host,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await expect(count(page)).toContainText('120 users')
  await expect(rows(page).first()).toBeVisible()
  // The list shows more than the five users it had room for.
  const wholeRowsShown = () =>
    page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="users-scroller"]')!.getBoundingClientRect()
      return [...document.querySelectorAll('[role=row][aria-rowindex]:not([aria-rowindex="1"])')].filter(
        (r) =>
          r.getBoundingClientRect().top >= scroller.top &&
          r.getBoundingClientRect().bottom <= scroller.bottom,
      ).length
    })
  expect(await wholeRowsShown()).toBeGreaterThanOrEqual(8)
  // The keys under the list take one line.
  const keys = page.getByTestId('users-keys')
  expect((await keys.boundingBox())!.height).toBeLessThan(
    1.5 * (await keys.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight))),
  )

  const bar = page.getByTestId('users-filter-bar')
  const search = page.getByRole('textbox', { name: 'Search users' })
  // One row: the search box and the filters share it, where the filters alone took three.
  const searchBox = (await search.boundingBox())!
  const barBox = (await bar.boundingBox())!
  expect(barBox.height).toBeLessThan(2 * searchBox.height)
  expect(Math.abs(searchBox.y + searchBox.height - (barBox.y + barBox.height))).toBeLessThan(2)
  await page.screenshot({ path: screenshotPath('users-filters-1024') })

  // Every filter is in the bar or under More filters, reached by the keyboard.
  const more = page.getByRole('button', { name: /^More filters/ })
  const inBar = ['Status', 'Label']
  for (const name of inBar) await expect(field(bar, name)).toBeVisible()
  await more.focus()
  await page.keyboard.press('Enter')
  const folded = page.getByRole('dialog', { name: 'More filters' })
  const foldedNames = [
    'Email',
    'Who',
    'Phone',
    'Sessions',
    'Impersonator',
    'Registered',
    'Password changed',
    'Last access',
  ]
  for (const name of foldedNames) await expect(field(folded, name)).toBeVisible()
  // A filter picked there narrows the list, and the popover stays open for the next.
  await field(folded, 'Email').click()
  await page.getByRole('option', { name: 'Not verified' }).click()
  await field(folded, 'Phone').click()
  await page.getByRole('option', { name: 'Verified', exact: true }).click()
  const expected = (await list(host, { filters: { emailVerified: false, phoneVerified: true } })).total
  await expect(count(page)).toHaveText(new RegExp(`^${expected} users`))
  await expect(folded).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-more-filters-1024') })
  // Closed, the filters set there are counted on the button, which has the focus back.
  await page.keyboard.press('Escape')
  await expect(folded).toBeHidden()
  await expect(more).toBeFocused()
  await expect(more).toHaveAccessibleName('More filters, 2 set')
  await expect(page.getByTestId('more-filters-count')).toHaveText('2')
  await page.getByRole('button', { name: 'Clear filters' }).click()
  await expect(count(page)).toContainText('120 users')
  await expect(more).toHaveAccessibleName('More filters')
})

test('sorting by a column asks the server and reverses on a second click', async ({ page, host }) => {
  await expect(count(page)).toContainText('120 users')
  const byName = (await list(host, { sort: { field: 'name', direction: 'asc' }, limit: 1 })).users[0]!
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click()
  await expect(page.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'ascending')
  await expect(rows(page).first()).toContainText(byName.name || byName.id)
  const byNameDesc = (await list(host, { sort: { field: 'name', direction: 'desc' }, limit: 1 })).users[0]!
  await page.getByRole('columnheader', { name: 'Name' }).getByRole('button').click()
  await expect(rows(page).first()).toContainText(byNameDesc.name)

  const byAccess = (await list(host, { sort: { field: 'accessedAt', direction: 'desc' }, limit: 1 }))
    .users[0]!
  await page.getByRole('columnheader', { name: 'Last access' }).getByRole('button').click()
  await page.getByRole('columnheader', { name: 'Last access' }).getByRole('button').click()
  await expect(rows(page).first()).toContainText(byAccess.email || byAccess.name)
  await page.screenshot({ path: screenshotPath('users-sorted') })
})

test('sorted by phone, newest numbers first, scrolling past users with no phone loads the rest', async ({
  page,
}) => {
  // Users with no phone come last: the second page starts after one, whose cursor Appwrite refuses,
  // and the window goes on by the offset the first page gave.
  await expect(count(page)).toContainText('120 users · 100 loaded')
  const phone = page.getByRole('columnheader', { name: 'Phone' })
  await phone.getByRole('button').click()
  await phone.getByRole('button').click()
  await expect(phone).toHaveAttribute('aria-sort', 'descending')
  await expect(count(page)).toContainText('120 users · 100 loaded')
  const scroller = page.getByTestId('users-scroller')
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(count(page)).toHaveText('120 users')
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('scrolling loads the next page; arrows, Enter and Esc work', async ({ page }) => {
  await expect(count(page)).toContainText('120 users · 100 loaded')
  const scroller = page.getByTestId('users-scroller')
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(count(page)).toHaveText('120 users')
  await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight))
  await expect(page.locator('[role=row][aria-rowindex="121"]')).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-scrolled-to-end') })

  await scroller.evaluate((el) => el.scrollTo(0, 0))
  await scroller.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('ArrowDown')
  await expect(page.locator('[role=row][aria-rowindex="4"]')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible()
  // The drawer is named after the person it shows, whose name sits inside its padding, not against
  // its top edge.
  const drawer = userDrawer(page)
  const name = drawer.getByRole('heading', { level: 4 })
  await expect(drawer).toHaveAccessibleName((await name.textContent())!)
  expect(await name.textContent()).not.toBe('User')
  const drawerTop = (await drawer.boundingBox())!.y
  expect((await name.boundingBox())!.y - drawerTop).toBeGreaterThanOrEqual(12)
  // All ten tabs are in sight, the last included: none hides past the drawer's edge.
  await expect(drawer.getByRole('tab', { name: 'History' })).toBeInViewport({ ratio: 1 })
  const first = (await name.textContent())!
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeHidden()
  // Focus is back on the list, where the arrows work, the first time the drawer closes as every time.
  await expect(scroller).toBeFocused()

  // The next user opens with Enter, straight from the list, and the drawer is named after them.
  await page.keyboard.press('ArrowDown')
  const next = page.locator('[role=row][aria-rowindex="5"]')
  await expect(next).toHaveAttribute('aria-selected', 'true')
  const second = (await next.getByRole('cell').nth(1).textContent())!
  expect(second).not.toBe(first)
  await page.keyboard.press('Enter')
  await expect(name).toHaveText(second)
  await expect(drawer).toHaveAccessibleName(second)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeHidden()
  await expect(scroller).toBeFocused()

  await page.keyboard.press('Control+f')
  await expect(page.getByRole('textbox', { name: 'Search users' })).toBeFocused()
})

test('Shift-click picks the rows from the keyboard row to the one clicked, Ctrl-click one more, and no text is selected', async ({
  page,
}) => {
  await expect(count(page)).toContainText('120 users')
  const list = rows(page)
  const picked = (i: number) => list.nth(i).getByRole('checkbox')
  const selected = page.getByTestId('selection-bar').getByTestId('selection-count')
  await list.nth(1).click()
  await expect(list.nth(1)).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('selection-bar')).toBeHidden()

  // As in a file manager: the range runs from the row the keyboard is on, both ends picked.
  await list.nth(4).click({ modifiers: ['Shift'] })
  await expect(selected).toHaveText('4 selected')
  for (const i of [1, 2, 3, 4]) await expect(picked(i)).toBeChecked()
  for (const i of [0, 5]) await expect(picked(i)).not.toBeChecked()
  // The browser's own Shift-click would have selected every cell's text between the two clicks.
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('')
  await page.screenshot({ path: screenshotPath('users-shift-click-range') })

  // Ctrl (⌘ on a Mac) adds one row, and takes it away again; a plain click then only moves the row.
  await list.nth(7).click({ modifiers: ['ControlOrMeta'] })
  await expect(selected).toHaveText('5 selected')
  await expect(picked(7)).toBeChecked()
  await list.nth(7).click({ modifiers: ['ControlOrMeta'] })
  await expect(selected).toHaveText('4 selected')
  await list.nth(9).click()
  await expect(list.nth(9)).toHaveAttribute('aria-selected', 'true')
  await expect(selected).toHaveText('4 selected')

  // A Shift-click gives the list the keyboard, as a plain click does: the arrows move on from the row
  // clicked, where the search box had focus before.
  await page.keyboard.press('Control+f')
  await expect(page.getByRole('textbox', { name: 'Search users' })).toBeFocused()
  await list.nth(5).click({ modifiers: ['Shift'] })
  await expect(page.getByTestId('users-scroller')).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(list.nth(6)).toHaveAttribute('aria-selected', 'true')
})

test('a double click opens the user and leaves the text of the cell clicked unselected', async ({ page }) => {
  const name = rows(page).first().getByRole('cell').nth(1)
  await name.dblclick()
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible()
  // The browser's own double click selects the word under it, which then showed behind the drawer.
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe('')
})

test("a user's History with nothing in it says so of the user, not of filters the tab does not show", async ({
  page,
}) => {
  await rows(page).first().dblclick()
  const drawer = userDrawer(page)
  await drawer.getByRole('tab', { name: 'History' }).click()
  await expect(drawer.getByText(/^Nothing changed for this user from Userdeck yet/)).toBeVisible()
  await expect(drawer).not.toContainText('with these filters')
})

test("quick changes to one user leave one notice, the latest, clear of the drawer's buttons; an undo in History takes its notice away", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await rows(page).first().dblclick()
  const drawer = page.getByRole('dialog')
  const clock = await holdPageClock(page)
  const notices = page.getByRole('alert').filter({ hasText: 'Saved and recorded in Activity.' })
  // The clock stands still; a notice taken away leaves once its exit is run (well short of a close).
  const click = async (name: string) => {
    await drawer.getByRole('button', { name, exact: true }).click()
    await expect(drawer.getByRole('button', { name: name === 'Block' ? 'Unblock' : 'Block' })).toBeVisible()
    await page.clock.runFor(1_000)
  }
  for (const _ of [1, 2]) {
    await click('Block')
    await click('Unblock')
  }
  await expect(notices).toHaveCount(1)
  await expect(notices).toContainText('User unblocked')
  // Nothing lies over Save changes: a click there reaches it.
  await drawer.getByRole('textbox', { name: 'Name' }).fill('Someone Else')
  const save = drawer.getByRole('button', { name: 'Save changes' })
  expect(
    await save.evaluate((el) => {
      const box = el.getBoundingClientRect()
      return el.contains(document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2))
    }),
  ).toBe(true)
  await page.screenshot({ path: screenshotPath('users-quick-changes-one-notice') })

  // Undone in History, a change's notice no longer offers Undo.
  await drawer.getByRole('button', { name: 'Discard' }).click()
  await click('Block')
  await expect(notices).toHaveCount(1)
  await expect(notices).toContainText('User blocked')
  await drawer.getByRole('tab', { name: 'History' }).click()
  // The newest first.
  await drawer
    .getByRole('button', { name: /^Undo “Blocked”/ })
    .first()
    .click()
  await expect(drawer.getByRole('button', { name: 'Block', exact: true })).toBeVisible()
  await page.clock.runFor(1_000)
  await expect(notices).toHaveCount(0)
  await clock.resume()
})

test('a bulk action from the selection bar opens its preview, and closing it gives focus back to the action', async ({
  page,
}) => {
  await expect(count(page)).toContainText('120 users')
  await rows(page).first().getByRole('checkbox').click()
  const bar = page.getByTestId('selection-bar')
  await expect(bar.getByTestId('selection-count')).toHaveText('1 selected')
  const block = bar.getByRole('button', { name: 'Block', exact: true })
  await block.click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('1')
  // The change in the words of the list, not Appwrite's booleans ("status: true").
  const preview = dialog.getByRole('table', { name: 'Preview' })
  await expect(preview.getByRole('cell', { name: 'status: active', exact: true })).toBeVisible()
  await expect(preview.getByRole('cell', { name: 'status: blocked', exact: true })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  // The action kept focus while it planned the job, and the preview, the first the window opened,
  // gave it back.
  await expect(block).toBeFocused()
})

test('the Verification menu plans the change picked, and its preview gives focus back to Verification', async ({
  page,
  host,
}) => {
  const someone = (await list(host)).users.find((u) => u.email && u.emailVerification)!
  await page.getByRole('textbox', { name: 'Search users' }).fill(someone.id)
  await expect(rows(page)).toHaveCount(1)
  await rows(page).first().getByRole('checkbox').click()
  const bar = page.getByTestId('selection-bar')
  const verification = bar.getByRole('button', { name: 'Verification', exact: true })
  await verification.click()
  await page.getByRole('menuitem', { name: 'Mark email unverified' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByRole('heading', { name: /^Mark the email unverified of/ })).toBeVisible()
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('1')
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(verification).toBeFocused()
  // Planned, not run: the user is as they were.
  expect((await get(host, someone.id)).emailVerification).toBe(true)
})

test('Labels… on the selection bar adds labels to the users picked, by keyboard, through a preview', async ({
  page,
  host,
}) => {
  await expect(count(page)).toContainText('120 users')
  const [first, second] = (await list(host)).users
  for (const i of [0, 1]) await rows(page).nth(i).getByRole('checkbox').click()
  const bar = page.getByTestId('selection-bar')
  await expect(bar.getByTestId('selection-count')).toHaveText('2 selected')
  await bar.getByRole('button', { name: 'Labels…' }).click()
  const ask = page.getByRole('dialog', { name: 'Labels of 2 selected' })
  const labels = ask.getByRole('combobox', { name: 'Labels' })
  await expect(labels).toBeFocused()
  // A label Appwrite would refuse is named with its rule before anything is planned.
  await labels.fill('no-dashes')
  await expect(ask.getByText(/may contain only letters/)).toBeVisible()
  await labels.fill('escalated')
  await labels.press('Enter')
  // Added, the label's suggestions close: they would lie over the dialog's buttons.
  await expect(labels).toHaveAttribute('aria-expanded', 'false')
  await page.screenshot({ path: screenshotPath('selection-labels') })
  // Enter with nothing typed plans the job, which opens at its preview.
  await labels.press('Enter')
  await expect(ask).toBeHidden()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('2')
  expect((await get(host, first!.id)).labels).not.toContain('escalated')
  await page.keyboard.press('Control+Enter')
  await expect(dialog.getByTestId('job-state')).toHaveText('completed')
  for (const user of [first!, second!]) {
    const after = await get(host, user.id)
    expect(after.labels).toEqual([...user.labels, 'escalated'])
  }
})

test('Save changes keeps focus while it saves, and after, when nothing is left to save', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_users_saving_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'saving', apiKey: key, seed: 5 })
  await openSandboxProject(page, host, sandbox, { name: 'Saving shop', key, tag: 'staging' })
  await expect(count(page)).toHaveText('5 users')
  await rows(page).first().dblclick()
  await page.getByRole('textbox', { name: 'Name' }).fill('Renamed While Held')
  const save = page.getByRole('button', { name: 'Save changes' })
  // The server holds the write, so the save is still running while the test looks at it.
  const hold = sandbox.hold({ match: ({ method }) => method !== 'GET' })
  await save.focus()
  await page.keyboard.press('Enter')
  await hold.reached()
  await expect(save).toBeDisabled()
  await expect(save).toBeFocused()
  await expect(save).toHaveAttribute('aria-busy', 'true')
  await page.screenshot({ path: screenshotPath('users-detail-saving') })
  hold.release()
  await expect(page.getByText('Saved name', { exact: true })).toBeVisible()
  // Nothing left to save: unavailable, and still where the keyboard left it.
  await expect(save).not.toHaveAttribute('aria-busy')
  await expect(save).toBeDisabled()
  await expect(save).toBeFocused()
})

test('detail edits are saved through main, audited, and undone from the notification', async ({
  page,
  host,
}) => {
  await page.clock.install()
  await reloadWindow(page)
  const user = (await list(host, { filters: { status: 'active' } })).users[3]!
  await page.getByRole('textbox', { name: 'Search users' }).fill(user.id)
  await expect(rows(page)).toHaveCount(1)
  await rows(page).first().dblclick()

  const name = page.getByRole('textbox', { name: 'Name' })
  await expect(name).toHaveValue(user.name)
  await name.fill('Renamed By Support')
  await field(page, 'Labels').fill('supportcase')
  await page.keyboard.press('Enter')
  const clock = await holdPageClock(page)
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByText('Saved name and labels')).toBeVisible()
  // Far enough for the notification's entrance, well short of its closing.
  await page.clock.runFor(1_000)
  expect((await get(host, user.id)).name).toBe('Renamed By Support')
  expect((await get(host, user.id)).labels).toContain('supportcase')
  const entry = host.core.audit.list({ userId: user.id, limit: 1 })[0]!
  expect(entry.before).toMatchObject({ name: user.name })
  expect(entry.after).toMatchObject({ name: 'Renamed By Support' })
  await page.screenshot({ path: screenshotPath('users-detail-saved') })

  await page.getByRole('button', { name: 'Undo' }).click()
  await expect(page.getByText('Reversed: saved name and labels.')).toBeVisible()
  expect((await get(host, user.id)).name).toBe(user.name)
  expect((await get(host, user.id)).labels).toEqual(user.labels)
  await expect(name).toHaveValue(user.name)

  // Block from the header, then undo that too.
  await page.getByRole('button', { name: 'Block', exact: true }).click()
  await expect(page.getByText('User blocked')).toBeVisible()
  expect((await get(host, user.id)).status).toBe(false)
  await page.getByRole('button', { name: 'Undo' }).last().click()
  await expect.poll(async () => (await get(host, user.id)).status).toBe(true)
  await clock.resume()

  // Preferences: the size against the 64 kB limit is shown, invalid JSON is refused.
  await page.getByRole('tab', { name: 'Preferences' }).click()
  await expect(page.getByText(/of 65,535 bytes \(64 kB\) used/)).toBeVisible()
  await page.getByText('JSON', { exact: true }).click()
  await page.getByRole('textbox', { name: 'Preferences JSON' }).fill('{"theme": "dark", "plan": "pro"}')
  await page.getByRole('button', { name: 'Save preferences' }).click()
  await expect.poll(async () => (await get(host, user.id)).prefs).toEqual({ theme: 'dark', plan: 'pro' })
  // The same object as keys and values: change one, add a number, save.
  await page.getByText('Keys and values', { exact: true }).click()
  await page.getByRole('textbox', { name: 'Value of plan' }).fill('enterprise')
  await page.getByRole('button', { name: 'Add a preference' }).click()
  await page.getByRole('textbox', { name: 'Key 3' }).fill('seats')
  await page.getByRole('textbox', { name: 'Key 3' }).blur()
  await page.getByRole('textbox', { name: 'Value of seats' }).fill('12')
  await page.screenshot({ path: screenshotPath('users-detail-prefs-fields') })
  await page.getByRole('button', { name: 'Save preferences' }).click()
  await expect
    .poll(async () => (await get(host, user.id)).prefs)
    .toEqual({ theme: 'dark', plan: 'enterprise', seats: 12 })
  await page.getByText('JSON', { exact: true }).click()
  await page.getByRole('textbox', { name: 'Preferences JSON' }).fill('[1, 2')
  await expect(page.getByRole('button', { name: 'Save preferences' })).toBeDisabled()
  await page.screenshot({ path: screenshotPath('users-detail-prefs') })

  const tabs: [string, RegExp][] = [
    ['Sessions', /active sessions?\.|No sessions/],
    ['Logs', /Event|No log entries/],
    ['Memberships', /Team|No team memberships/],
    ['Targets', /Identifier|No messaging targets/],
    ['Identities', /Provider|No OAuth identities/],
    ['MFA', /Require a second factor/],
  ]
  for (const [tab, content] of tabs) {
    await page.getByRole('tab', { name: tab }).click()
    await expect(page.getByRole('tabpanel')).toContainText(content)
    await expect(page.getByRole('tabpanel')).not.toContainText('Could not load')
    if (tab === 'Sessions') await page.screenshot({ path: screenshotPath('users-detail-sessions') })
  }
  await page.getByRole('tab', { name: 'Logs' }).click()
  await page.screenshot({ path: screenshotPath('users-detail-logs') })
})

test('a new email turns its Verified switch off, as Appwrite will, and turned back on keeps the new address verified', async ({
  page,
  host,
}) => {
  const user = (await list(host, { filters: { emailVerified: true } })).users[2]!
  await page.getByRole('textbox', { name: 'Search users' }).fill(user.id)
  await expect(rows(page)).toHaveCount(1)
  await rows(page).first().dblclick()
  const email = page.getByRole('textbox', { name: 'Email' })
  const verified = page.getByRole('switch', { name: 'Email verified' })
  await expect(verified).toBeChecked()

  await email.fill(`moved.${user.email}`)
  await expect(verified).not.toBeChecked()
  await email.fill(user.email)
  await expect(verified).toBeChecked()
  await email.fill(`moved.${user.email}`)
  // Support has checked the new address with the person: it stays verified, in one save.
  await verified.focus()
  await page.keyboard.press('Space')
  await expect(verified).toBeChecked()
  await page.screenshot({ path: screenshotPath('users-detail-new-email-verified') })
  await page.getByRole('button', { name: 'Save changes' }).click()
  await expect(page.getByText('Saved email and email verification')).toBeVisible()
  expect(await get(host, user.id)).toMatchObject({ email: `moved.${user.email}`, emailVerification: true })
  await expect(verified).toBeChecked()
})

test('create a user, then delete them with confirmation', async ({ page, host }) => {
  await page.clock.install()
  await reloadWindow(page)
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await field(dialog, 'Name').fill('Grace Hopper')
  // An email another user has: refused, and said on the email field.
  const taken = (await list(host)).users.find((u) => u.email)!.email!
  await field(dialog, 'Email').fill(taken)
  await dialog.locator('input[type=password]').fill('cobol-rules-1959')
  await page.getByRole('button', { name: 'Create user' }).click()
  await expect(field(dialog, 'Email')).toHaveAccessibleDescription(
    'Another user already has this email address. Open that user',
  )
  await page.screenshot({ path: screenshotPath('users-create-taken-email'), animations: 'disabled' })
  await field(dialog, 'Email').fill('grace@example.com')
  await expect(dialog.getByText('Another user already has')).toBeHidden()
  await page.getByRole('button', { name: 'Create user' }).click()
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible()
  const created = (await list(host)).users.find((u) => u.email === 'grace@example.com')!
  expect(created).toMatchObject({ name: 'Grace Hopper', hash: 'argon2' })

  await page.getByRole('button', { name: 'Delete' }).click()
  await expect(page.getByRole('dialog', { name: /Delete Grace Hopper/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-delete-confirm') })
  await holdPageClock(page)
  await page.getByRole('button', { name: 'Delete user' }).click()
  await expect(page.getByText('Deleted Grace Hopper')).toBeVisible()
  expect((await list(host)).users.some((u) => u.email === 'grace@example.com')).toBe(false)
  const entry = host.core.audit.list({ action: 'users.delete', limit: 1 })[0]!
  expect(entry.before).toMatchObject({ email: 'grace@example.com', name: 'Grace Hopper' })
})

test('a taken email in New user leads to the user who has it', async ({ page, host }) => {
  const holder = (await list(host)).users.find((u) => u.email && u.name)!
  await page.getByRole('button', { name: 'New user' }).click()
  const dialog = page.getByRole('dialog', { name: 'New user' })
  await expect(dialog.getByRole('button', { name: 'Close', exact: true })).toBeVisible()
  await field(dialog, 'Email').fill(holder.email!)
  await dialog.getByText('No password', { exact: true }).click()
  await dialog.getByRole('button', { name: 'Create user' }).click()
  await dialog.getByRole('button', { name: 'Open that user' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(holder.name)
  await expect(page.getByRole('textbox', { name: 'Email' })).toHaveValue(holder.email!)
})

test('export writes every matching user, all pages, with the chosen columns', async ({ page, host }) => {
  await field(page, 'Status').click()
  await page.getByRole('option', { name: 'Active' }).click()
  const active = (await list(host, { filters: { status: 'active' } })).total
  await expect(count(page)).toHaveText(new RegExp(`^${active} users`))

  await page.getByRole('button', { name: 'Export' }).click()
  await page.getByRole('checkbox', { name: 'Registered' }).uncheck()
  await page.getByRole('checkbox', { name: 'Last access' }).check()
  await page.getByRole('button', { name: 'Export CSV' }).click()
  await expect(page.getByText('Export finished')).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-export-done') })
  const path = (await page.getByTestId('export-path').textContent())!.trim()
  const lines = readFileSync(path, 'utf8').trim().split('\n')
  expect(lines[0]).toBe('id,name,email,phone,status,labels,accessedAt')
  expect(lines).toHaveLength(active + 1)
  expect(lines.slice(1).every((l) => l.includes(',true,'))).toBe(true)
  // Exports live in the private data folder and hold people's data: owner-only, like every file there.
  expect(statSync(path).mode & 0o777).toBe(0o600)
})

test("a copy the clipboard refuses, of a user's id or an export's path, says so and selects it for Ctrl-C", async ({
  page,
  host,
}) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText())
  const someone = (await list(host, { limit: 1 })).users[0]!
  await openUserById(page, someone.id)
  const drawer = userDrawer(page)
  await refuseClipboardWrites(page)

  await drawer.getByRole('button', { name: 'Copy user id' }).click()
  await expect(drawer.getByRole('alert').filter({ hasText: 'clipboard' })).toHaveText(
    'The clipboard did not take the user id. It is selected: press Ctrl/⌘-C to copy it.',
  )
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(someone.id)
  await page.screenshot({ path: screenshotPath('users-copy-refused') })
  await page.keyboard.press('Control+C')
  expect(await clipboard()).toBe(someone.id)
  await drawer.getByRole('button', { name: 'Close user detail' }).click()
  await expect(drawer).toBeHidden()

  await page.getByRole('button', { name: 'Export' }).click()
  await page.getByRole('button', { name: 'Export CSV' }).click()
  await expect(page.getByText('Export finished')).toBeVisible()
  const path = (await page.getByTestId('export-path').textContent())!.trim()
  await page.getByRole('button', { name: 'Copy path' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'clipboard' })).toHaveText(
    'The clipboard did not take the path. It is selected: press Ctrl/⌘-C to copy it.',
  )
  expect(await page.evaluate(() => document.getSelection()?.toString())).toBe(path)
  await page.keyboard.press('Control+C')
  expect(await clipboard()).toBe(path)
})

test('Ctrl-K searches every project at once and shows a slow one as slow', async ({
  page,
  host,
  startSandbox,
}) => {
  const add = async (name: string, colour: string, answers = true) => {
    const sandbox = await startSandbox({ projectId: name.toLowerCase(), apiKey: `key-${name}`, seed: 30 })
    await addSandboxProject(host, sandbox, { name, colour, tag: 'staging', key: `key-${name}` })
    // A project that never answers (until the test ends): it is slow however fast the machine is.
    if (!answers) sandbox.hold()
    return sandbox
  }
  await add('Shop', 'teal')
  await add('Legacy', 'orange', false)
  await (await add('Gone', 'red')).close() // a project whose server is down
  await reloadWindow(page)
  const someone = (await list(host)).users[5]!
  const surname = someone.name.split(' ').at(-1)!

  await page.keyboard.press('Control+k')
  await page.getByRole('textbox', { name: 'Search every project' }).fill(surname)
  const demo = page.getByTestId('spotlight-project-demo')
  await expect(demo).toContainText(someone.name)
  await expect(page.locator('[data-testid^=spotlight-project-]')).toHaveCount(4)
  await expect(page.getByTestId(/spotlight-project-(?!demo)/).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('users-spotlight-waiting') })
  // The search gives each project 8 s.
  await expect(page.getByText(/slow: no answer/)).toBeVisible({ timeout: 30_000 })
  await page.screenshot({ path: screenshotPath('users-spotlight') })

  const gone = host.core.projects.entries().find((e) => e.name === 'Gone')!.id
  await expect(page.getByTestId(`spotlight-project-${gone}`)).toContainText(/reach|connect|answer/i)
  const shop = host.core.projects.entries().find((e) => e.name === 'Shop')!.id
  const shopHits = page.getByTestId(`spotlight-project-${shop}`)
  await expect(shopHits).toContainText(/\d+ ms/)

  await demo.getByText(someone.name).first().click()
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(someone.name)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeHidden()

  // A hit in another project switches to that project and opens the user there.
  const shopUser = (await list(host, { project: shop })).users[2]!
  await page.keyboard.press('Control+k')
  await page.getByRole('textbox', { name: 'Search every project' }).fill(shopUser.id)
  // Said before the click, so a failure shows whether the box or the Shop group is what is wrong.
  await expect(page.getByRole('textbox', { name: 'Search every project' })).toHaveValue(shopUser.id)
  await expect(shopHits).toContainText(shopUser.name)
  await shopHits.getByText(shopUser.name).click()
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(shopUser.name)
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Shop')
  await page.keyboard.press('Escape')
  await expect(count(page)).toContainText('30 users')
})

test('Ctrl-K the first time: a name typed at once goes whole into its box while its code loads, none of it into the Users search', async ({
  page,
}) => {
  // The spotlight's code is held until the name is typed, so it is typed while the code loads
  // however fast this machine loads it.
  let requested!: () => void
  const asked = new Promise<void>((resolve) => (requested = resolve))
  let release!: () => void
  const loaded = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/cross-project-spotlight-[^/]*\.js$/, async (route) => {
    requested()
    await loaded
    await route.fallback()
  })
  const usersSearch = page.getByRole('textbox', { name: 'Search users' })
  await usersSearch.click()
  await page.keyboard.press('Control+k')
  await asked
  await page.keyboard.type('Amelia')
  await page.keyboard.press('Backspace')
  release()
  const box = page.getByRole('textbox', { name: 'Search every project' })
  await expect(box).toHaveValue('Ameli')
  await expect(box).toBeFocused()
  await page.keyboard.type('a')
  await expect(box).toHaveValue('Amelia')
  await expect(usersSearch).toHaveValue('')
  await expect(page.getByTestId('spotlight-project-demo')).toContainText('Amelia')
})

test('Ctrl-K again over a drawer: a name typed at once goes whole into its box, none of it into the field that had the focus', async ({
  page,
}) => {
  const box = page.getByRole('textbox', { name: 'Search every project' })
  // Its code loaded once already: this Ctrl-K only opens it.
  await page.keyboard.press('Control+k')
  await expect(box).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(box).toHaveCount(0)
  await rows(page).first().dblclick()
  const name = page.getByRole('textbox', { name: 'Name' })
  const before = await name.inputValue()
  await name.focus()
  // The page's clock stands still: the spotlight's box takes the focus only when the test lets time
  // move, so the name is typed before it, however fast this machine opens it.
  const clock = await holdPageClock(page)
  await page.keyboard.press('Control+k')
  await page.keyboard.type('Amelia')
  await page.keyboard.press('Backspace')
  await clock.resume()
  await expect(box).toBeFocused()
  await expect(box).toHaveValue('Ameli')
  await page.keyboard.type('a')
  await expect(box).toHaveValue('Amelia')
  await expect(page.getByTestId('spotlight-project-demo')).toContainText('Amelia')
  // Esc leaves the search for the drawer, the focus back in its field, with nothing typed there.
  await page.keyboard.press('Escape')
  await expect(box).toHaveCount(0)
  await expect(name).toBeFocused()
  await expect(name).toHaveValue(before)
})

test("Ctrl-K never shows one query's people under another: a new query shows as searching until it is answered", async ({
  page,
  host,
}) => {
  // The page's clock moves only when the test moves it, so the search's 200 ms pause after typing is
  // as long as the test needs, however busy the machine.
  await page.clock.install()
  await reloadWindow(page)
  const users = (await list(host)).users
  const surname = (u: UserRecord) => u.name.split(' ').at(-1)!
  const first = users[5]!
  const second = users.find((u) => u.name && surname(u) !== surname(first))!
  const box = page.getByRole('textbox', { name: 'Search every project' })
  const demo = page.getByTestId('spotlight-project-demo')

  await page.keyboard.press('Control+k')
  await box.fill(surname(first))
  await page.clock.runFor(300)
  await expect(demo).toContainText(first.name)

  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1_000))
  await box.fill(second.id)
  await expect(box).toHaveValue(second.id)
  await expect(demo).toContainText('searching')
  await expect(demo).not.toContainText(first.name)
  await page.screenshot({ path: screenshotPath('users-spotlight-searching') })

  await page.clock.runFor(300)
  await expect(demo).toContainText(second.name)
  await expect(demo).not.toContainText(first.name)
})

test('a list that fails shows the error and no count: neither the last one nor "0 users"', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_users_failing_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'flaky', apiKey: key, seed: 30 })
  await openSandboxProject(page, host, sandbox, { name: 'Flaky shop', key, tag: 'staging' })
  await expect(count(page)).toHaveText('30 users')

  const someone = [...sandbox.store.users.values()].find((u) => u.email)!
  await sandbox.stop()
  await page.getByRole('textbox', { name: 'Search users' }).fill(someone.email!)
  const failed = page.getByRole('alert').filter({ hasText: 'Could not load users' })
  await expect(failed).toBeVisible()
  await expect(count(page)).toHaveText('')
  await expect(rows(page)).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('users-list-error-no-count') })

  // The server back, Try again counts again.
  await sandbox.start()
  await failed.getByRole('button', { name: 'Try again' }).click()
  await expect(failed).toBeHidden()
  await expect(count(page)).toHaveText('1 user')
})

test('Ctrl-K reaches every match: "Show all" opens the project’s Users screen on its search, from the keyboard', async ({
  page,
  host,
  startSandbox,
}) => {
  // More people of one name in Shop than the search shows a project (6), and none in the demo.
  const sandbox = await startSandbox({ projectId: 'many', apiKey: 'key-many', seed: 20 })
  const shop = await addSandboxProject(host, sandbox, { name: 'Shop', tag: 'staging', key: 'key-many' })
  const names = ['Ada', 'Bram', 'Cleo', 'Dov', 'Edda', 'Finn', 'Gus', 'Hana'].map((n) => `${n} Zephyrine`)
  for (const [i, name] of names.entries()) {
    const created = await host.dispatch('users.create', {
      project: shop.id,
      userId: `zeph${i}`,
      email: `zeph${i}@example.com`,
      name,
    })
    if (!created.ok) throw new Error(created.error.message)
  }
  await reloadWindow(page)
  await page.setViewportSize({ width: 1024, height: 700 })
  const search = page.getByRole('textbox', { name: 'Search users' })
  await search.fill('Amelia')
  await expect(rows(page).first()).toContainText('Amelia')

  const box = page.getByRole('textbox', { name: 'Search every project' })
  const shopHits = page.getByTestId(`spotlight-project-${shop.id}`)
  const showAll = shopHits.getByRole('button', { name: /^Show all 8 matches in Shop/ })
  /** Ctrl-K, the name typed, and the arrows down to "Show all" (Enter is the caller's). */
  const toShowAll = async () => {
    await page.keyboard.press('Control+k')
    await expect(box).toBeFocused()
    await page.keyboard.type('zephyrine')
    await expect(shopHits).toContainText('8 (showing 6)')
    for (let i = 0; i < 20 && (await showAll.getAttribute('data-selected')) === null; i++)
      await page.keyboard.press('ArrowDown')
    await expect(showAll).toHaveAttribute('data-selected', 'true')
  }

  await toShowAll()
  // Only where the search left some out: the demo, with none, has no such line.
  await expect(page.getByTestId('spotlight-project-demo')).toContainText('no match')
  await expect(page.getByRole('button', { name: /^Show all/ })).toHaveCount(1)
  await page.screenshot({ path: screenshotPath('users-spotlight-show-all') })
  await page.keyboard.press('Enter')

  await expect(box).toBeHidden()
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Shop')
  await expect(search).toHaveValue('zephyrine')
  await expect(count(page)).toHaveText('8 users')
  await expect(rows(page)).toHaveCount(8)
  for (const name of names) await expect(rows(page).filter({ hasText: name })).toHaveCount(1)
  await page.screenshot({ path: screenshotPath('users-spotlight-show-all-list') })

  // The box is the list's search as if typed: a new word there searches afresh.
  await search.fill('zeph7')
  await expect(count(page)).toHaveText('1 user')
  await expect(rows(page).first()).toContainText('Hana Zephyrine')

  // From another screen, over a list with a filter: every match is shown, so the filter is put aside.
  await field(page, 'Status').click()
  await page.getByRole('option', { name: 'Blocked' }).click()
  await expect(count(page)).toHaveText('0 users')
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible()
  await toShowAll()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible()
  await expect(search).toHaveValue('zephyrine')
  await expect(field(page, 'Status')).toHaveValue('Any')
  await expect(count(page)).toHaveText('8 users')
  await expect(rows(page)).toHaveCount(8)

  // In the project and on the screen already open, searched for something else: the box follows too.
  await search.fill('zeph7')
  await expect(count(page)).toHaveText('1 user')
  await toShowAll()
  await page.keyboard.press('Enter')
  await expect(box).toBeHidden()
  await expect(search).toHaveValue('zephyrine')
  await expect(count(page)).toHaveText('8 users')
  await expect(rows(page)).toHaveCount(8)
})

test("another project's list opens unsearched: a search for the last one's people does not follow", async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_switch_search_0123456789'
  const sandbox = await startSandbox({ projectId: 'switching', apiKey: key, seed: 7 })
  await openSandboxProject(page, host, sandbox, { name: 'Switching', key })
  await expect(count(page)).toHaveText(/^7 users/)
  const search = page.getByRole('textbox', { name: 'Search users' })
  await search.fill('nobody-by-this-name')
  await expect(count(page)).toHaveText(/^0 users/)

  await chooseProject(page, 'Demo project')
  await expect(search).toHaveValue('')
  await expect(count(page)).toContainText('120 users')
  await expect(rows(page).first()).toBeVisible()

  // The same search typed again at once after a switch, before the box's pause has passed (the page's
  // clock held): the list is searched, though the term the box settles on is the one it had before.
  await search.fill('nobody-by-this-name')
  await expect(count(page)).toHaveText(/^0 users/)
  const clock = await holdPageClock(page)
  await chooseProject(page, 'Switching')
  await expect(search).toHaveValue('')
  await search.fill('nobody-by-this-name')
  await page.clock.runFor(1_000)
  await expect(count(page)).toHaveText(/^0 users/)
  await clock.resume()

  // Switched while another screen shows, it is the same: back on Users, the list is the new project's
  // whole list, the box empty.
  await chooseProject(page, 'Demo project')
  await expect(count(page)).toContainText('120 users')
  await search.fill('nobody-by-this-name')
  await expect(count(page)).toHaveText(/^0 users/)
  const screens = page.getByRole('navigation', { name: 'Screens' })
  await screens.getByRole('link', { name: 'Jobs' }).click()
  await chooseProject(page, 'Switching')
  await screens.getByRole('link', { name: 'Users' }).click()
  await expect(search).toHaveValue('')
  await expect(count(page)).toHaveText(/^7 users/)
  // Back in the project it was typed for, on the same screen, a search stays as it was left.
  await search.fill('nobody-by-this-name')
  await expect(count(page)).toHaveText(/^0 users/)
  await screens.getByRole('link', { name: 'Jobs' }).click()
  await screens.getByRole('link', { name: 'Users' }).click()
  await expect(search).toHaveValue('nobody-by-this-name')
  await expect(count(page)).toHaveText(/^0 users/)
})

test('at 1280 px every column of the list fits, each title and phone whole, with no sideways scroll', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  const scroller = page.getByTestId('users-scroller')
  await expect(rows(page).first()).toBeVisible()
  expect(await scroller.evaluate((el) => el.scrollWidth - el.clientWidth)).toBe(0)
  const whole = (cell: Locator) => cell.evaluate((el) => el.scrollWidth <= el.clientWidth)
  // A title too wide runs past its cell's padding into the next column's title.
  const titleInside = (header: Locator) =>
    header.evaluate((el) => {
      const title = el.querySelector('.ud-users-sort svg')
      const edge = el.getBoundingClientRect().right - parseFloat(getComputedStyle(el).paddingRight)
      return !title || title.getBoundingClientRect().right <= edge
    })
  for (const header of await page.getByRole('columnheader').all())
    expect(await titleInside(header), await header.innerText()).toBe(true)
  // A blocked user's pill and a phone of the demo's length, in the widest cells they take.
  const withPhone = rows(page)
    .filter({ hasText: /\+\d{11}/ })
    .first()
  // Phone, status, registered and last access: values of a known length (emails and names are not).
  for (const index of [3, 4, 8, 9]) expect(await whole(withPhone.getByRole('cell').nth(index))).toBe(true)
  const blocked = rows(page).filter({ hasText: 'Blocked' }).first()
  expect(await whole(blocked.getByRole('cell').nth(4))).toBe(true)
  await page.screenshot({ path: screenshotPath('users-1280') })
})
