import { randomBytes } from 'node:crypto'
import { test, expect, fillProjectForm, screenshotPath } from './fixtures'
import { filesScanned, findSecret, recordDispatch, recordEvents } from './leak-scan'

test('a key entered in the window appears nowhere the renderer or the disk can show', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const key = `standard_${randomBytes(32).toString('hex')}`
  const sandbox = await startSandbox({ projectId: 'leaky', apiKey: key, seed: 30 })
  const ipcResults = recordDispatch(host)
  const events = recordEvents(host)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await page.getByRole('button', { name: 'Add project' }).click()
  const form = page.getByRole('dialog', { name: 'Add a project' })
  await fillProjectForm(form, { name: 'Leak test', endpoint: sandbox.url, projectId: 'leaky', key: key })
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByText('The key can read and change users.')).toBeVisible()
  await form.getByRole('button', { name: 'Add project' }).click()
  await expect(form).toBeHidden()

  const card = page.getByRole('listitem', { name: 'Leak test' })
  await expect(card.getByText('Online')).toBeVisible()
  await expect(card.getByText(`Key …${key.slice(-4)}`)).toBeVisible()
  await card.getByRole('button', { name: 'Check Leak test' }).click()
  await expect(card.getByText('Online')).toBeVisible()

  // Use it: the new project is active; its users list through main.
  await expect(page.getByRole('combobox', { name: 'Project', exact: true })).toContainText('Leak test')
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Users', { exact: true }).click()
  await expect(page.getByText(/30 users/)).toBeVisible()

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  const exported = await page.getByRole('textbox', { name: 'Exported JSON' }).inputValue()
  expect(exported).toContain('Leak test')
  await page.keyboard.press('Escape')
  await page.screenshot({
    path: screenshotPath('key-leak-after-use'),
    fullPage: true,
    animations: 'disabled',
  })

  const places = await findSecret(key, {
    page,
    ipcResults,
    events,
    dataDir,
    extra: { export: exported },
  })
  expect(places).toEqual([])
  // The scan looked at real material, not an empty app.
  expect(ipcResults.length).toBeGreaterThan(5)
  expect(events.length).toBeGreaterThan(0)
  expect(filesScanned(dataDir).some((f) => f.endsWith('projects.json'))).toBe(true)
  expect(filesScanned(dataDir).some((f) => f.endsWith('userdeck.log'))).toBe(true)
})
