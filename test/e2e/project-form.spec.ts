import { networkInterfaces } from 'node:os'
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server'
import type { Page } from '@playwright/test'
import { test, expect, fillProjectForm, screenshotPath } from './fixtures'

const KEY = 'standard_e2e_project_form_0123456789abcdefFORM'

/** An address of this machine that is not loopback: to the app, another machine on the network. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address

async function openAddForm(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await page.getByRole('button', { name: 'Add project' }).click()
  return page.getByRole('dialog', { name: 'Add a project' })
}

test('an endpoint without /v1 is questioned, and the one meant is applied with one click', async ({
  page,
}) => {
  const form = await openAddForm(page)
  await form.getByLabel('Name').fill('Cloud shop')
  const endpoint = form.getByLabel('Endpoint')
  await endpoint.fill('https://fra.cloud.appwrite.io')
  await form.getByLabel('Project ID').click()
  const suggestion = form.getByTestId('endpoint-suggestion')
  await expect(suggestion).toHaveText('Did you mean https://fra.cloud.appwrite.io/v1? Use it')
  await form.getByRole('button', { name: 'Add project' }).click()
  await expect(form.getByText(/An Appwrite endpoint ends in \/v1/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('project-form-v1-suggestion'), animations: 'disabled' })
  await suggestion.getByRole('button', { name: 'Use it' }).click()
  await expect(endpoint).toHaveValue('https://fra.cloud.appwrite.io/v1')
  await expect(suggestion).toBeHidden()
  await expect(form.getByText(/An Appwrite endpoint ends in \/v1/)).toBeHidden()
})

test('a half-filled Add a project asks before it goes, from Esc, its × or a click beside it; Cancel and an untouched form do not ask', async ({
  page,
}) => {
  const ask = page.getByRole('dialog', { name: 'Discard this project?' })
  // Untouched, Esc closes the form at once: there is nothing to lose.
  let form = await openAddForm(page)
  await expect(form.getByLabel('Name')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(form).toBeHidden()
  await expect(ask).toHaveCount(0)

  form = await openAddForm(page)
  await form.getByLabel('Name').fill('Half shop')
  await form.getByLabel('API key').fill(KEY)
  await page.keyboard.press('Escape')
  await expect(ask).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused()
  await page.screenshot({ path: screenshotPath('project-form-discard-ask') })
  await page.keyboard.press('Escape')
  await expect(ask).toHaveCount(0)
  await expect(form.getByLabel('Name')).toHaveValue('Half shop')
  await expect(form.getByLabel('API key')).toHaveValue(KEY)

  await form.getByRole('button', { name: 'Close' }).click()
  await expect(ask).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(ask).toHaveCount(0)
  await expect(form.getByLabel('API key')).toHaveValue(KEY)

  // A click beside the form asks too; Discard and close is the way out, and nothing was added.
  await page.mouse.click(5, 300)
  await expect(ask).toBeVisible()
  await ask.getByRole('button', { name: 'Discard and close' }).click()
  await expect(form).toBeHidden()
  await expect(page.getByRole('listitem', { name: 'Half shop' })).toHaveCount(0)

  // Opened again, the form is empty; Cancel, a deliberate click, closes it without asking.
  form = await openAddForm(page)
  await expect(form.getByLabel('Name')).toHaveValue('')
  await expect(form.getByLabel('API key')).toHaveValue('')
  await form.getByLabel('Name').fill('Cancelled shop')
  await form.getByRole('button', { name: 'Cancel' }).click()
  await expect(form).toBeHidden()
  await expect(ask).toHaveCount(0)
})

test('Test connection keeps focus while it tests and after, so the keyboard can go on from it', async ({
  page,
  startSandbox,
}) => {
  const sandbox = await startSandbox({ projectId: 'tested', apiKey: KEY, seed: 3 })
  const form = await openAddForm(page)
  await fillProjectForm(form, {
    name: 'Tested shop',
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
    key: KEY,
  })
  // The server holds the test's requests, so the test is still running while this one looks.
  const hold = sandbox.hold()
  const testButton = form.getByRole('button', { name: 'Test connection' })
  await testButton.click()
  await hold.reached()
  await expect(testButton).toBeFocused()
  await expect(testButton).toHaveAttribute('aria-busy', 'true')
  await page.screenshot({ path: screenshotPath('project-form-testing'), animations: 'disabled' })
  hold.release()
  await expect(form.getByText('Connected', { exact: true })).toBeVisible()
  await expect(testButton).toBeEnabled()
  await expect(testButton).toBeFocused()
})

test('a project whose test fails is saved only with Save anyway, and is not opened', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  await expect(switcher).toContainText('Demo project')
  const form = await openAddForm(page)
  await fillProjectForm(form, {
    name: 'Offline shop',
    endpoint: 'http://127.0.0.1:9/v1',
    projectId: 'offline',
    key: KEY,
  })
  await form.getByRole('button', { name: 'Add project' }).click()
  await expect(form.getByText('Connection failed: not saved')).toBeVisible()
  await expect(form.getByText(/Could not reach the endpoint/)).toBeVisible()
  // Below a long form in a window 800 px high: the result scrolls itself into view, its way on too.
  await expect(form.getByRole('button', { name: 'Save anyway' })).toBeInViewport()
  await page.screenshot({ path: screenshotPath('project-form-save-anyway'), animations: 'disabled' })
  await expect(page.getByRole('listitem', { name: 'Offline shop' })).toHaveCount(0)

  await form.getByRole('button', { name: 'Save anyway' }).click()
  await expect(form).toBeHidden()
  const card = page.getByRole('listitem', { name: 'Offline shop' })
  await expect(card.getByText('Unreachable')).toBeVisible()
  await expect(switcher).toContainText('Demo project')
  await page.screenshot({
    path: screenshotPath('project-saved-anyway'),
    fullPage: true,
    animations: 'disabled',
  })
})

test.describe('plain http to another machine', () => {
  let lan: RunningSandbox
  test.skip(!lanAddress, 'this machine has no address but loopback')
  test.beforeAll(async () => {
    lan = await startSandbox({
      port: 0,
      host: lanAddress,
      projectId: 'lan',
      apiKey: KEY,
      seed: 8,
      quiet: true,
    })
  })
  test.afterAll(async () => {
    await lan?.close()
  })

  test('is sent only once accepted, and the card and the frame say the key travels unencrypted', async ({
    page,
  }) => {
    const form = await openAddForm(page)
    await fillProjectForm(form, { name: 'Office server', endpoint: lan.url, projectId: 'lan', key: KEY })
    const accept = form.getByRole('checkbox', { name: 'Send the key over plain http, unencrypted' })
    await expect(accept).not.toBeChecked()
    await form.getByRole('button', { name: 'Add project' }).click()
    await expect(form.getByText(/sends the API key unencrypted/)).toBeVisible()
    await accept.scrollIntoViewIfNeeded()
    await page.screenshot({ path: screenshotPath('project-form-plain-http'), animations: 'disabled' })

    await accept.check()
    await form.getByRole('button', { name: 'Add project' }).click()
    await expect(form).toBeHidden()
    const card = page.getByRole('listitem', { name: 'Office server' })
    await expect(card.getByText('Online')).toBeVisible()
    await expect(card.getByText('Key travels unencrypted')).toBeVisible()
    // It answered, so it is opened; the frame says the key travels unencrypted.
    const frame = page.getByRole('status', { name: /Current project: Office server/ })
    await expect(frame).toHaveAccessibleName(/key travels unencrypted/)
    await expect(frame.getByText('Plain http: key travels unencrypted')).toBeVisible()
    await page.screenshot({
      path: screenshotPath('project-card-plain-http'),
      fullPage: true,
      animations: 'disabled',
    })
  })
})

test("at 1024×700 the long Add a project form keeps its buttons in view, at the dialog's foot, while its fields scroll", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  const form = await openAddForm(page)
  const add = form.getByRole('button', { name: 'Add project' })
  // The dialog is taller than the window: its fields scroll, and Add project was below the last.
  // The dialog element is Mantine's content, which scrolls.
  const scrolls = () => form.evaluate((c) => ({ top: c.scrollTop, room: c.scrollHeight - c.clientHeight }))
  expect((await scrolls()).room).toBeGreaterThan(0)
  expect((await scrolls()).top).toBe(0)
  await expect(add).toBeInViewport({ ratio: 1 })
  await expect(form.getByRole('button', { name: 'Cancel' })).toBeInViewport({ ratio: 1 })
  await page.screenshot({ path: screenshotPath('project-form-1024') })
  // Scrolled to the key, the buttons stay where they are, over nothing of the form.
  const before = (await add.boundingBox())!
  await form.getByLabel('API key').scrollIntoViewIfNeeded()
  expect((await scrolls()).top).toBeGreaterThan(0)
  expect((await add.boundingBox())!.y).toBe(before.y)
  const key = (await form.getByLabel('API key').boundingBox())!
  const actions = (await form.getByTestId('dialog-actions').boundingBox())!
  expect(key.y + key.height).toBeLessThanOrEqual(actions.y)
})
