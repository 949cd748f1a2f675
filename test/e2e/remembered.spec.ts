import { startSandbox, type RunningSandbox } from '../../src/sandbox/server'
import { createHost } from '../../src/host/host'
import { openChromiumShell } from '../../src/chromium/shell'
import { MemorySecretStore } from '../../src/host/projects/secret-store'
import type { Locator, Page } from '@playwright/test'
import { test, expect, shellTestOptions, screenshotPath, userDrawer } from './fixtures'

const KEY = 'standard_e2e_remembered_0123456789abcdefLAST'

/** The input a form label names (Mantine also labels the listbox with it). */
const field = (scope: Page | Locator, label: string) =>
  scope.locator('input, textarea').and(scope.getByLabel(label, { exact: true }))
const firstRow = (page: Page) =>
  page.getByRole('table', { name: 'Users' }).locator('[role=row][aria-rowindex="2"]')
const firstName = (page: Page) => firstRow(page).getByRole('cell').nth(1)

let shop: RunningSandbox
test.beforeAll(async () => {
  shop = await startSandbox({ port: 0, projectId: 'shop', apiKey: KEY, seed: 30, quiet: true })
})
test.afterAll(async () => {
  await shop.close()
})

test('privacy mode masks people on screen, and the window remembers it, the project and its filters across a restart', async ({
  dataDir,
  chromium,
}) => {
  // One run of the shell: add a project, choose it, filter its list, switch privacy on, then quit.
  const secrets = new MemorySecretStore()
  const first = await createHost({ dataDir, shell: 'chromium', demo: { seed: 20 }, secrets })
  const added = await first.dispatch('projects.add', {
    name: 'Shop',
    endpoint: shop.url,
    projectId: 'shop',
    key: KEY,
    tag: 'staging',
    colour: 'orange',
  })
  if (!added.ok) throw new Error(added.error.message)
  let shell = await openChromiumShell({
    running: chromium,
    host: first,
    ...shellTestOptions,
  })
  let page = shell.page
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  await switcher.click()
  await page.getByRole('option', { name: /Shop/ }).click()
  await expect(switcher).toContainText('Shop')
  await field(page, 'Status').click()
  await page.getByRole('option', { name: 'Active' }).click()
  const nameCell = firstName(page)
  await expect(nameCell).toBeVisible()
  await expect(nameCell).toHaveCSS('filter', 'none')
  await page.keyboard.press('Control+Shift+P')
  await expect(page.getByRole('button', { name: 'Privacy mode' })).toHaveAttribute('aria-pressed', 'true')
  await expect(nameCell).toHaveCSS('filter', 'blur(6px)')
  await page.screenshot({ path: screenshotPath('privacy-mode-list') })
  // A user's detail is masked too.
  await firstRow(page).dblclick()
  const drawer = userDrawer(page)
  await expect(field(drawer, 'Email')).toHaveCSS('filter', 'blur(6px)')
  // Nothing in the drawer shows their name unmasked, its hidden title included: every element holding
  // it is blurred or inside one.
  const shown = await drawer.evaluate(
    (root, name) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      const bare: string[] = []
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.textContent?.includes(name) && !n.parentElement?.closest('[data-private]'))
          bare.push(n.textContent)
      }
      return bare
    },
    (await firstName(page).textContent())!,
  )
  expect(shown).toEqual([])
  await page.screenshot({ path: screenshotPath('privacy-mode-detail'), animations: 'disabled' })
  await shell.close()
  await first.close()

  // The next run opens on the same project, with its filter and privacy mode as they were left.
  const second = await createHost({ dataDir, shell: 'chromium', demo: { seed: 20 }, secrets })
  shell = await openChromiumShell({
    running: chromium,
    host: second,
    ...shellTestOptions,
  })
  page = shell.page
  try {
    await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Shop')
    await expect(field(page, 'Status')).toHaveValue('Active')
    await expect(page.getByRole('button', { name: 'Privacy mode' })).toHaveAttribute('aria-pressed', 'true')
    await expect(firstName(page)).toHaveCSS('filter', 'blur(6px)')
    await page.screenshot({ path: screenshotPath('remembered-after-restart') })
  } finally {
    await shell.close()
    await second.close()
  }
})

test('the users list keeps its column widths, by drag or by keyboard, across a restart', async ({
  dataDir,
  chromium,
}) => {
  const header = (page: Page, name: string) =>
    page.getByRole('separator', { name: `Resize ${name} column` }).locator('xpath=..')
  const widthOf = async (page: Page, name: string) => (await header(page, name).boundingBox())!.width

  const first = await createHost({ dataDir, shell: 'chromium', demo: { seed: 20 } })
  let shell = await openChromiumShell({ running: chromium, host: first, ...shellTestOptions })
  let page = shell.page
  await expect(firstName(page)).toBeVisible()
  const emailBefore = await widthOf(page, 'Email')
  const phoneBefore = await widthOf(page, 'Phone')

  // Drag the Email column's right edge 120 pixels to the right.
  const handle = page.getByRole('separator', { name: 'Resize Email column' })
  const box = (await handle.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 })
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 })
  await page.mouse.up()
  const emailAfter = Math.round(emailBefore + 120)
  await expect.poll(() => widthOf(page, 'Email')).toBeCloseTo(emailAfter, 0)

  // The Phone column, from the keyboard: two steps narrower.
  const phoneHandle = page.getByRole('separator', { name: 'Resize Phone column' })
  await phoneHandle.focus()
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  const phoneAfter = Math.round(phoneBefore - 32)
  await expect.poll(() => widthOf(page, 'Phone')).toBeCloseTo(phoneAfter, 0)
  await expect(phoneHandle).toHaveAttribute('aria-valuenow', String(phoneAfter))
  // The rows follow the header: a cell of the first row is as wide as its column.
  const emailCell = firstRow(page).getByRole('cell').nth(2)
  expect((await emailCell.boundingBox())!.width).toBeCloseTo(emailAfter, 0)
  await expect
    .poll(async () => {
      const r = await first.dispatch('settings.get', {})
      return r.ok ? (r.value as { usersColumns: Record<string, number> }).usersColumns : null
    })
    .toEqual({ email: emailAfter, phone: phoneAfter })
  await page.screenshot({ path: screenshotPath('users-columns-resized') })
  await shell.close()
  await first.close()

  const second = await createHost({ dataDir, shell: 'chromium', demo: { seed: 20 } })
  shell = await openChromiumShell({ running: chromium, host: second, ...shellTestOptions })
  page = shell.page
  try {
    await expect(firstName(page)).toBeVisible()
    expect(await widthOf(page, 'Email')).toBeCloseTo(emailAfter, 0)
    expect(await widthOf(page, 'Phone')).toBeCloseTo(phoneAfter, 0)
    await page.screenshot({ path: screenshotPath('users-columns-after-restart') })
    // Enter on a handle gives the column back its own width, and that is remembered too.
    const emailHandle = page.getByRole('separator', { name: 'Resize Email column' })
    await emailHandle.focus()
    await page.keyboard.press('Enter')
    // Back to its share of the space (which the narrower Phone column has made a little larger).
    await expect(emailHandle).not.toHaveAttribute('aria-valuenow')
    await expect.poll(() => widthOf(page, 'Email')).toBeLessThan(emailAfter)
    expect(await widthOf(page, 'Email')).toBeGreaterThanOrEqual(emailBefore)
    await expect
      .poll(async () => {
        const r = await second.dispatch('settings.get', {})
        return r.ok ? (r.value as { usersColumns: Record<string, number> }).usersColumns : null
      })
      .toEqual({ phone: phoneAfter })
  } finally {
    await shell.close()
    await second.close()
  }
})
