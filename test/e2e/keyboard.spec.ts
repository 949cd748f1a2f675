import type { Locator, Page } from '@playwright/test'
import type { Host } from '../../src/host/host'
import type { UserPage } from '@shared/models'
import { test, expect, addSandboxProject, holdPageClock, reloadWindow, screenshotPath } from './fixtures'

/**
 * A support person who works from the keyboard only: each step is a key, and after each the keys
 * that come next (the list's arrows, Tab in a dialog) still work where the person is.
 */

async function usersOf(host: Host, project: string): Promise<UserPage> {
  const r = await host.dispatch('users.list', { project, limit: 50 })
  if (!r.ok) throw new Error(r.error.message)
  return r.value as UserPage
}

const scroller = (page: Page) => page.getByTestId('users-scroller')
const keyRow = (page: Page) => page.locator('[role=row][aria-selected=true]')

/** Ctrl/⌘-K, the user's id typed, the one hit chosen with the arrow and Enter. */
async function openFromSpotlight(page: Page, userId: string, name: string): Promise<void> {
  await page.keyboard.press('Control+k')
  const box = page.getByRole('textbox', { name: 'Search every project' })
  await expect(box).toBeFocused()
  await page.keyboard.type(userId)
  await expect(page.getByRole('dialog').getByText(name, { exact: true })).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('textbox', { name: 'Name' })).toHaveValue(name)
}

test('a user opened from Ctrl-K, in this project or another, closes with Esc onto the list, where the arrows work', async ({
  page,
  host,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'shop', apiKey: 'key-shop', seed: 30 })
  const shop = await addSandboxProject(host, sandbox, { name: 'Shop', tag: 'staging', key: 'key-shop' })
  await reloadWindow(page)
  await scroller(page).focus()
  await expect(keyRow(page)).toHaveAttribute('aria-rowindex', '2')

  // In this project: the spotlight's box, the focus had when the drawer opened, is gone by its close.
  const here = (await usersOf(host, 'demo')).users[7]!
  await openFromSpotlight(page, here.id, here.name)
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeHidden()
  await expect(scroller(page)).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(keyRow(page)).toHaveAttribute('aria-rowindex', '3')

  // In another: the window switches to it, and its list takes the keys once the drawer is closed.
  const there = (await usersOf(host, shop.id)).users[2]!
  await openFromSpotlight(page, there.id, there.name)
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Shop')
  await page.keyboard.press('Escape')
  await expect(page.getByRole('tab', { name: 'Overview' })).toBeHidden()
  await expect(scroller(page)).toBeFocused()
  await expect(page.getByTestId('users-count')).toContainText('30 users')
  const before = Number(await keyRow(page).getAttribute('aria-rowindex'))
  await page.keyboard.press('ArrowDown')
  await expect(keyRow(page)).toHaveAttribute('aria-rowindex', String(before + 1))
})

/** The user found by their id typed in the search and opened with Enter, Tab then on their first tab. */
async function drawerByKeys(page: Page, user: { id: string; name: string }) {
  await page.getByRole('textbox', { name: 'Search users' }).focus()
  await page.keyboard.type(user.id)
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('users-count')).toHaveText('1 user')
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name: user.name })
  const overview = drawer.getByRole('tab', { name: 'Overview' })
  for (let i = 0; i < 10 && !(await overview.evaluate((t) => t === document.activeElement)); i++)
    await page.keyboard.press('Tab')
  await expect(overview).toBeFocused()
  return { drawer }
}

test('Ctrl-Z takes back the change a notice offers to undo, from inside the user’s drawer, whose focus trap Tab cannot leave', async ({
  page,
  host,
}) => {
  const user = (await usersOf(host, 'demo')).users.find((u) => u.status)!
  await page.getByRole('textbox', { name: 'Search users' }).focus()
  await page.keyboard.type(user.id)
  await page.keyboard.press('Enter')
  await expect(scroller(page)).toBeFocused()
  await expect(page.getByTestId('users-count')).toHaveText('1 user')
  await page.keyboard.press('Enter')
  const drawer = page.getByRole('dialog', { name: user.name })
  await expect(drawer.getByRole('textbox', { name: 'Name' })).toHaveValue(user.name)

  // Block, from the keyboard: Tab reaches the button inside the drawer.
  const block = drawer.getByRole('button', { name: 'Block' })
  for (let i = 0; i < 10 && !(await block.evaluate((b) => b === document.activeElement)); i++)
    await page.keyboard.press('Tab')
  await expect(block).toBeFocused()
  // The notice closes on its own after 8 s; the page's clock stands still until the key is pressed, so
  // a busy machine cannot close it first.
  const clock = await holdPageClock(page)
  await page.keyboard.press('Enter')
  const notice = page.locator('.mantine-Notification-root').filter({ hasText: 'User blocked' })
  await expect(notice.getByRole('button', { name: 'Undo' })).toHaveAttribute(
    'aria-keyshortcuts',
    /Control\+Z/,
  )
  await expect(drawer.getByRole('button', { name: 'Unblock' })).toBeFocused()

  await page.keyboard.press('Control+z')
  await expect(page.locator('.mantine-Notification-root').filter({ hasText: 'Undone' })).toBeVisible()
  await clock.resume()
  await expect(drawer.getByRole('button', { name: 'Block' })).toBeVisible()
  const after = await host.dispatch('users.get', { project: 'demo', userId: user.id })
  expect(after.ok && (after.value as { status: boolean }).status).toBe(true)
})

test('Undo in a user’s History keeps the focus in their drawer, on the History tab, where Tab goes on inside the drawer', async ({
  page,
  host,
}) => {
  const user = (await usersOf(host, 'demo')).users.find((u) => u.status)!
  const blocked = await host.dispatch('users.update', {
    project: 'demo',
    userId: user.id,
    change: { status: false },
  })
  expect(blocked.ok).toBe(true)
  const { drawer } = await drawerByKeys(page, user)
  // The tabs wrap: left from the first is History, the last.
  await page.keyboard.press('ArrowLeft')
  const history = drawer.getByRole('tab', { name: 'History' })
  await expect(history).toHaveAttribute('aria-selected', 'true')
  const undo = drawer.getByRole('button', { name: /^Undo “Blocked”/ })
  await expect(undo).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(undo).toBeFocused()
  await page.keyboard.press('Enter')

  await expect(drawer.getByText('Undid “Blocked”')).toBeVisible()
  await expect(history).toBeFocused()
  await page.keyboard.press('Tab')
  expect(await drawer.evaluate((d) => d.contains(document.activeElement))).toBe(true)
})

test('Undo on the Activity screen keeps the focus on the log, where Tab goes on to the next Undo', async ({
  page,
  host,
}) => {
  const [first, second] = (await usersOf(host, 'demo')).users.filter((u) => u.status)
  for (const user of [first!, second!]) {
    const blocked = await host.dispatch('users.update', {
      project: 'demo',
      userId: user.id,
      change: { status: false },
    })
    expect(blocked.ok).toBe(true)
  }
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  const log = page.getByRole('table', { name: 'Activity' })
  const undos = log.getByRole('button', { name: /^Undo “Blocked”/ })
  await expect(undos).toHaveCount(2)
  await undos.first().focus()
  await page.keyboard.press('Enter')
  await expect(log.getByText('Undid “Blocked”')).toBeVisible()
  await expect(log).toBeFocused()
  await page.keyboard.press('Tab')
  await expect(log.getByRole('button', { name: /^Undo “Blocked”/ })).toBeFocused()
})

test('the users list has the focus when the window opens and after G then U, so the first arrow moves in it', async ({
  page,
}) => {
  await reloadWindow(page)
  await expect(scroller(page)).toBeFocused()
  await expect(keyRow(page)).toHaveAttribute('aria-rowindex', '2')
  await page.keyboard.press('ArrowDown')
  await expect(keyRow(page)).toHaveAttribute('aria-rowindex', '3')

  // Another screen takes the focus onto its title; G then U gives it back to the list.
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible()
  await page.keyboard.press('g')
  await page.keyboard.press('u')
  await expect(scroller(page)).toBeFocused()
  const before = Number(await keyRow(page).getAttribute('aria-rowindex'))
  await page.keyboard.press('ArrowDown')
  await expect(keyRow(page)).toHaveAttribute('aria-rowindex', String(before + 1))
})

test('New user, the first time as every time, opens with the focus in its Name field', async ({ page }) => {
  // The form's code is held until the dialog has put the focus somewhere, so the first time it
  // arrives after that however fast this machine loads it.
  let release!: () => void
  const loaded = new Promise<void>((resolve) => (release = resolve))
  await page.route(/\/create-user-[^/]*\.js$/, async (route) => {
    await loaded
    await route.fallback()
  })
  const newUser = page.getByRole('button', { name: 'New user' })
  const dialog = page.getByRole('dialog', { name: 'New user' })
  const name = dialog.getByRole('textbox', { name: 'Name' })
  for (const time of ['first', 'second']) {
    await newUser.focus()
    await page.keyboard.press('Enter')
    if (time === 'first') {
      await expect(dialog.getByRole('button', { name: 'Close' })).toBeFocused()
      release()
    }
    await expect(name, `the ${time} time`).toBeFocused()
    await page.keyboard.type('Ada Lovelace')
    await expect(name).toHaveValue('Ada Lovelace')
    // Emptied again, the form has nothing to lose: Esc closes it without asking.
    await name.clear()
    await page.keyboard.press('Escape')
    await expect(dialog).toBeHidden()
    await expect(newUser).toBeFocused()
  }
})

test('a half-filled New user asks before it goes, from Esc, its × or a click beside it; Cancel does not ask', async ({
  page,
}) => {
  const newUser = page.getByRole('button', { name: 'New user' })
  const form = page.getByRole('dialog', { name: 'New user' })
  const name = form.getByRole('textbox', { name: 'Name' })
  const ask = page.getByRole('dialog', { name: 'Discard this new user?' })
  await newUser.click()
  await expect(name).toBeFocused()
  await page.keyboard.type('Grace Hopper')

  // Esc asks; Esc in the question (or Enter: Keep editing has the focus) goes back to what was typed.
  await page.keyboard.press('Escape')
  await expect(ask).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused()
  await page.screenshot({ path: screenshotPath('new-user-discard-ask') })
  await page.keyboard.press('Escape')
  await expect(ask).toHaveCount(0)
  await expect(name).toBeFocused()
  await expect(name).toHaveValue('Grace Hopper')

  await form.getByRole('button', { name: 'Close' }).click()
  await expect(ask).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(ask).toHaveCount(0)
  await expect(name).toHaveValue('Grace Hopper')

  // A click beside the form, on the page it dims, asks too; Discard and close is the way out.
  await page.mouse.click(5, 300)
  await expect(ask).toBeVisible()
  await ask.getByRole('button', { name: 'Discard and close' }).click()
  await expect(form).toBeHidden()
  await expect(ask).toHaveCount(0)
  await expect(newUser).toBeFocused()

  // Opened again, the form is empty; Cancel, a deliberate click, closes it with what was typed.
  await newUser.click()
  await expect(name).toHaveValue('')
  await page.keyboard.type('Typed Then Cancelled')
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()
  await expect(ask).toHaveCount(0)
})

test('Esc closes only what it is pressed in: Ctrl-K over a half-filled New user, a question over a user’s drawer, Discard your changes?', async ({
  page,
}) => {
  // Ctrl-K over the New user form: Esc leaves the search, and the form keeps what was typed.
  await page.getByRole('button', { name: 'New user' }).click()
  const form = page.getByRole('dialog', { name: 'New user' })
  const formName = form.getByRole('textbox', { name: 'Name' })
  await expect(formName).toBeFocused()
  await page.keyboard.type('Ada Lovelace')
  const search = page.getByRole('textbox', { name: 'Search every project' })
  await page.keyboard.press('Control+k')
  await expect(search).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(search).toBeHidden()
  await expect(formName).toBeFocused()
  await expect(formName).toHaveValue('Ada Lovelace')
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()

  // A question asked over a user's drawer: Esc answers it, and the drawer stays, its button focused.
  await scroller(page).focus()
  await page.keyboard.press('Enter')
  const drawerOpen = page.getByRole('button', { name: 'Close user detail' })
  await expect(drawerOpen).toBeVisible()
  const remove = page.getByRole('button', { name: 'Delete', exact: true })
  await remove.click()
  await expect(page.getByRole('dialog', { name: /^Delete / })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(remove).toBeFocused()
  await expect(page.getByRole('dialog', { name: /^Delete / })).toHaveCount(0)

  // Edits typed, Esc asks before they go; Esc in the question is "not now", back to the edits.
  const name = page.getByRole('textbox', { name: 'Name' })
  await name.fill('Typed Not Saved')
  await page.keyboard.press('Escape')
  const ask = page.getByRole('dialog', { name: 'Discard your changes?' })
  await expect(ask).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(name).toBeFocused()
  await expect(ask).toHaveCount(0)
  await expect(name).toHaveValue('Typed Not Saved')
  await page.keyboard.press('Escape')
  await ask.getByRole('button', { name: 'Discard and close' }).click()
  await expect(drawerOpen).toHaveCount(0)
})

test('Esc in the Users search clears it, then leaves it for the list, and its × is a button that Tab reaches, a screen reader names and a click takes', async ({
  page,
}) => {
  const count = page.getByTestId('users-count')
  await expect(count).toContainText('120 users')
  const box = page.getByRole('textbox', { name: 'Search users' })
  await page.keyboard.press('Control+f')
  await expect(box).toBeFocused()
  await page.keyboard.type('kenji')
  await expect(count).not.toContainText('120 users')
  await page.keyboard.press('Escape')
  await expect(box).toHaveValue('')
  await expect(count).toContainText('120 users')
  // Esc in the empty box leaves it for the list, where the arrows move.
  await page.keyboard.press('Escape')
  await expect(scroller(page)).toBeFocused()

  await box.focus()
  await page.keyboard.type('kenji')
  const clear = page.getByRole('button', { name: 'Clear search' })
  await page.keyboard.press('Tab')
  await expect(clear).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(box).toHaveValue('')
  await expect(box).toBeFocused()

  await page.keyboard.type('kenji')
  await clear.click()
  await expect(box).toHaveValue('')
  await expect(count).toContainText('120 users')
})

test('Esc in the Labels filter clears it, and in the empty filter leaves it for the table, where G then a letter works again', async ({
  page,
}) => {
  await expect(scroller(page)).toBeFocused()
  await page.keyboard.press('g')
  await page.keyboard.press('l')
  const table = page.getByRole('table', { name: 'Labels' })
  await expect(table.getByRole('row')).not.toHaveCount(0)
  const rows = await table.getByRole('row').count()
  const box = page.getByRole('textbox', { name: 'Filter labels' })
  await page.keyboard.press('/')
  await expect(box).toBeFocused()
  await page.keyboard.type('zz')
  await page.keyboard.press('Escape')
  await expect(box).toHaveValue('')
  await expect(box).toBeFocused()
  await expect(table.getByRole('row')).toHaveCount(rows)

  await page.keyboard.press('Escape')
  await expect(table).toBeFocused()
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  await expect(page.getByRole('heading', { name: 'Activity' })).toBeVisible()
  await expect(box).toBeHidden()
})

test('a Labels filter that matches nothing says so, with a button that clears it', async ({ page }) => {
  await expect(scroller(page)).toBeFocused()
  await page.keyboard.press('g')
  await page.keyboard.press('l')
  const table = page.getByRole('table', { name: 'Labels' })
  await expect(table).toBeVisible()
  const box = page.getByRole('textbox', { name: 'Filter labels' })
  await page.keyboard.press('/')
  await page.keyboard.type('xyz')
  const empty = page.getByRole('status').filter({ hasText: 'No label matches “xyz”' })
  await expect(empty).toBeVisible()
  await expect(table).toBeHidden()
  await page.screenshot({ path: screenshotPath('labels-filter-empty') })

  await empty.getByRole('button', { name: 'Clear filter' }).click()
  await expect(box).toHaveValue('')
  await expect(box).toBeFocused()
  await expect(table).toBeVisible()
  await expect(empty).toBeHidden()
})

test('G then a letter puts the focus on the screen it opens, on its title, where Tab goes on into the screen', async ({
  page,
}) => {
  await expect(scroller(page)).toBeFocused()
  const main = page.getByRole('main')
  for (const [key, title] of [
    ['a', 'Activity'],
    ['l', 'Labels'],
    ['j', 'Jobs'],
    ['o', 'Overview'],
    ['i', 'Import users into'],
    ['p', 'Projects'],
  ] as const) {
    await page.keyboard.press('g')
    await page.keyboard.press(key)
    await expect(main.getByRole('heading', { name: title, level: 3 }), `G then ${key}`).toBeFocused()
    if (key === 'l') await page.screenshot({ path: screenshotPath('labels-title-focused') })
  }
  await page.keyboard.press('Tab')
  expect(await main.evaluate((m) => m.contains(document.activeElement))).toBe(true)

  // Users still gives the focus to its list, over its title.
  await page.keyboard.press('g')
  await page.keyboard.press('u')
  await expect(scroller(page)).toBeFocused()
})

test('a sidebar link hands the focus on to the screen it opens, by Enter, a click or G then a letter', async ({
  page,
}) => {
  const sidebar = page.getByRole('navigation', { name: 'Screens' })
  const main = page.getByRole('main')
  const jobsLink = sidebar.getByRole('link', { name: 'Jobs' })
  await jobsLink.focus()
  await page.keyboard.press('Enter')
  await expect(main.getByRole('heading', { name: 'Jobs', level: 3 })).toBeFocused()
  // Tab goes on into the screen, not down the sidebar.
  await page.keyboard.press('Tab')
  expect(await main.evaluate((m) => m.contains(document.activeElement))).toBe(true)

  await sidebar.getByRole('link', { name: 'Labels' }).click()
  await expect(main.getByRole('heading', { name: 'Labels', level: 3 })).toBeFocused()

  await jobsLink.focus()
  await page.keyboard.press('g')
  await page.keyboard.press('a')
  await expect(main.getByRole('heading', { name: 'Activity', level: 3 })).toBeFocused()
  // Users gives it to its list, from a link as from anywhere free.
  await sidebar.getByRole('link', { name: 'Users' }).click()
  await expect(scroller(page)).toBeFocused()
})

/**
 * How far a tab's focus ring (its outline and the outline's offset) reaches out of its tab strip's
 * box on each side: the strip scrolls sideways, so it cuts off whatever is drawn outside that box.
 */
function ringCut(tab: Locator) {
  return tab.evaluate((t) => {
    const strip = t.closest<HTMLElement>('[role=tablist]')!
    const style = getComputedStyle(t)
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth)
    const r = t.getBoundingClientRect()
    const s = strip.getBoundingClientRect()
    const left = s.left + strip.clientLeft
    const top = s.top + strip.clientTop
    return {
      outline: style.outlineStyle,
      left: Math.max(0, left - (r.left - reach)),
      top: Math.max(0, top - (r.top - reach)),
      right: Math.max(0, r.right + reach - (left + strip.clientWidth)),
      bottom: Math.max(0, r.bottom + reach - (top + strip.clientHeight)),
    }
  })
}

test('the user drawer’s last tab, History, shows its focus ring whole, where the tab strip ends too', async ({
  page,
  host,
}) => {
  const user = (await usersOf(host, 'demo')).users[0]!
  const { drawer } = await drawerByKeys(page, user)
  await page.keyboard.press('ArrowLeft')
  const history = drawer.getByRole('tab', { name: 'History' })
  await expect(history).toBeFocused()
  const whole = { outline: 'solid', left: 0, top: 0, right: 0, bottom: 0 }
  await drawer.getByRole('tablist').screenshot({ path: screenshotPath('user-tabs-history-focused') })
  expect(await ringCut(history)).toEqual(whole)

  // In a window too narrow for every tab the strip scrolls, and History, brought into view, ends it.
  await page.setViewportSize({ width: 720, height: 700 })
  await page.keyboard.press('ArrowRight')
  await page.keyboard.press('ArrowLeft')
  await expect(history).toBeFocused()
  const strip = drawer.getByRole('tablist')
  expect(await strip.evaluate((s) => s.scrollWidth > s.clientWidth)).toBe(true)
  await strip.screenshot({ path: screenshotPath('user-tabs-history-focused-narrow') })
  expect(await ringCut(history)).toEqual(whole)
})
