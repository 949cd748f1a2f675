import { mkdirSync, writeFileSync } from 'node:fs'
import { closedPort } from '../unit/helpers/closed-port'
import { PATIENT_KEYCHAIN_MS } from '../unit/helpers/keychain'
import { join } from 'node:path'
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server'
import { createHost } from '../../src/host/host'
import { openChromiumShell } from '../../src/chromium/shell'
import { MemorySecretStore } from '../../src/host/projects/secret-store'
import type { Page } from '@playwright/test'
import type { ProjectView } from '@shared/models'
import type { Host } from '../../src/host'
import {
  test,
  expect,
  shellTestOptions,
  reloadWindow,
  fillProjectForm,
  refuseClipboardWrites,
  screenshotPath,
} from './fixtures'

const KEY = 'standard_e2e_projects_0123456789abcdefLAST'

let second: RunningSandbox
test.beforeAll(async () => {
  second = await startSandbox({
    port: 0,
    projectId: 'second',
    apiKey: KEY,
    scopes: ['users.read'],
    seed: 12,
    quiet: true,
  })
})
test.afterAll(async () => {
  await second.close()
})

/**
 * A production project on the second sandbox, added through the host, with its card online on the
 * Projects screen and its edit dialog open; `stored` reads it back from the host.
 */
async function editProductionProject(page: Page, host: Host, name: string) {
  const added = await host.dispatch('projects.add', {
    name,
    endpoint: second.url,
    projectId: 'second',
    tag: 'production',
    colour: 'red',
    key: KEY,
  })
  expect(added.ok).toBe(true)
  const id = (added as { value: ProjectView }).value.id
  const stored = async () => {
    const list = (await host.dispatch('projects.list', {})) as { ok: true; value: ProjectView[] }
    return list.value.find((p) => p.id === id)
  }
  await reloadWindow(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  const card = page.getByRole('listitem', { name })
  await expect(card.getByText('Online')).toBeVisible()
  await card.getByRole('button', { name: `Edit ${name}` }).click()
  return { stored, card, edit: page.getByRole('dialog', { name: `Edit ${name}` }) }
}

test('add, check, edit, reorder and remove a project', async ({ page }) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await expect(page.getByText('Only the demo project so far')).toBeVisible()
  await page.screenshot({ path: screenshotPath('projects-empty'), fullPage: true, animations: 'disabled' })

  await page.getByRole('button', { name: 'Add project' }).click()
  const form = page.getByRole('dialog', { name: 'Add a project' })
  await form.getByRole('button', { name: 'Add project' }).click()
  await expect(form.getByText('Give the project a name.')).toBeVisible()
  await form.getByLabel('Name').fill('Second shop')
  await form.getByLabel('Endpoint').fill('not a url')
  await expect(form.getByText(/must be a full URL/)).toBeVisible()
  await form.getByLabel('Endpoint').fill(second.url)
  await form.getByLabel('Project ID').fill('second')
  await form.getByRole('radio', { name: 'orange' }).click()
  await form.getByText('staging', { exact: true }).click()
  await form.getByLabel('API key').fill(KEY)
  await form.getByRole('button', { name: 'Test connection' }).click()
  await expect(form.getByText(/lacks users.write/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('projects-add-form'), animations: 'disabled' })
  await form.getByRole('button', { name: 'Add project' }).click()
  await expect(form).toBeHidden()

  const card = page.getByRole('listitem', { name: 'Second shop' })
  await expect(card.getByText('Online')).toBeVisible()
  await expect(card.getByLabel('users.write: missing')).toBeVisible()
  await expect(card.getByText(/lacks users.write: it cannot change/)).toBeVisible()
  await expect(card.getByText('Key …LAST · in')).toBeVisible()
  // The switcher shows the new project, active, with its colour and tag.
  const switcher = page.getByRole('combobox', { name: 'Project', exact: true })
  await expect(switcher).toContainText('Second shop')
  await expect(switcher).toContainText('staging')
  await page.screenshot({ path: screenshotPath('projects-added'), fullPage: true, animations: 'disabled' })

  // A project whose server is not running: saved only when asked, then listed, marked, and explained.
  await page.getByRole('button', { name: 'Add project' }).click()
  await fillProjectForm(form, {
    name: 'Offline shop',
    endpoint: 'http://127.0.0.1:9/v1',
    projectId: 'offline',
    key: KEY,
  })
  await form.getByRole('button', { name: 'Add project' }).click()
  await expect(form.getByText('Connection failed: not saved')).toBeVisible()
  await form.getByRole('button', { name: 'Save anyway' }).click()
  await expect(form).toBeHidden()
  // Saved anyway, it is not opened: the project in use stays.
  await expect(switcher).toContainText('Second shop')
  const offline = page.getByRole('listitem', { name: 'Offline shop' })
  await expect(offline.getByText('Unreachable')).toBeVisible()
  await expect(offline.getByText(/Could not reach the endpoint/)).toBeVisible()

  // Reorder: Offline shop moves above Second shop.
  await offline.getByRole('button', { name: 'Move Offline shop up' }).click()
  await expect(page.getByRole('listitem').nth(1)).toHaveAccessibleName('Offline shop')

  // Edit: rename, wrong project id → the check names the problem; then back.
  await card.getByRole('button', { name: 'Edit Second shop' }).click()
  const edit = page.getByRole('dialog', { name: 'Edit Second shop' })
  await expect(edit.getByLabel('Replace API key')).toHaveValue('')
  await edit.getByLabel('Project ID').fill('third')
  await edit.getByRole('button', { name: 'Save' }).click()
  await expect(edit.getByText(/No project with this id/)).toBeVisible()
  await edit.getByRole('button', { name: 'Save anyway' }).click()
  await expect(card.getByText('Project not found')).toBeVisible()
  await expect(card.getByText(/No project with this id/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('projects-errors'), fullPage: true, animations: 'disabled' })
  await card.getByRole('button', { name: 'Edit Second shop' }).click()
  await edit.getByLabel('Name').fill('Second shop (EU)')
  await edit.getByLabel('Project ID').fill('second')
  // Tagged production, it is raised to production's safe mode, as a project added so is; set back to
  // its tag before saving, it keeps the level it had.
  const level = (name: string) => edit.getByRole('radio', { name })
  await expect(level('Off')).toBeChecked()
  await edit.getByText('production', { exact: true }).click()
  await expect(level('Confirm every write')).toBeChecked()
  await edit.getByText('development', { exact: true }).click()
  await expect(level('Off')).toBeChecked()
  await edit.getByText('production', { exact: true }).click()
  await edit.getByRole('button', { name: 'Save' }).click()
  const renamed = page.getByRole('listitem', { name: 'Second shop (EU)' })
  await expect(renamed.getByText('Online')).toBeVisible()
  await renamed.getByRole('button', { name: 'Check Second shop (EU)' }).click()
  await expect(renamed.getByText('Online')).toBeVisible()

  // Remove a production project: the name must be typed, and its stored key typed again.
  await renamed.getByRole('button', { name: 'Remove Second shop (EU)' }).click()
  const confirm = page.getByRole('dialog', { name: 'Remove Second shop (EU)?' })
  const remove = confirm.getByRole('button', { name: 'Remove project' })
  await expect(remove).toBeDisabled()
  await confirm.getByLabel('Project name').fill('Second shop (EU)')
  await expect(remove).toBeEnabled()
  await page.screenshot({ path: screenshotPath('projects-remove'), animations: 'disabled' })
  await remove.click()
  const proof = page.getByRole('dialog', { name: 'Type the API key of Second shop (EU)' })
  await expect(proof.getByTestId('proof-why')).toHaveText(
    'To remove it, type the API key of "Second shop (EU)" again: the key stored for it, which the window never holds.',
  )
  await proof.getByLabel('API key of Second shop (EU)').fill(KEY)
  await proof.getByRole('button', { name: 'Continue' }).click()
  await expect(renamed).toBeHidden()
  await expect(page.getByRole('listitem', { name: 'Offline shop' })).toBeVisible()
})

test('moving a production project off production asks for its stored key: a wrong one is refused, the right one lowers it', async ({
  page,
  host,
}) => {
  const { stored, card, edit } = await editProductionProject(page, host, 'Live shop')
  await edit.getByText('development', { exact: true }).click()
  await edit.getByRole('button', { name: 'Save' }).click()

  const proof = page.getByRole('dialog', { name: 'Type the API key of Live shop' })
  await expect(proof.getByTestId('proof-why')).toContainText(
    'To move it off production, type the API key of "Live shop" again',
  )
  await proof.getByLabel('API key of Live shop').fill('standard_wrong_guess_0123456789')
  await proof.getByRole('button', { name: 'Continue' }).click()
  await expect(proof.getByText(/That is not the API key stored for "Live shop"/)).toBeVisible()
  expect(await stored()).toMatchObject({ tag: 'production' })
  await page.screenshot({ path: screenshotPath('projects-proof-wrong'), animations: 'disabled' })

  await proof.getByLabel('API key of Live shop').fill(KEY)
  await proof.getByRole('button', { name: 'Continue' }).click()
  await expect(proof).toBeHidden()
  await expect(edit).toBeHidden()
  expect(await stored()).toMatchObject({ tag: 'development' })
  await expect(card.getByText('development', { exact: true })).toBeVisible()
})

test('Esc in the stored-key question answers it only: the edit form stays with its changes, and asks before they go', async ({
  page,
  host,
}) => {
  const { stored, edit } = await editProductionProject(page, host, 'Guarded shop')
  await edit.getByLabel('Name').fill('Guarded shop (EU)')
  await edit.getByText('development', { exact: true }).click()
  await edit.getByRole('button', { name: 'Save' }).click()
  const proof = page.getByRole('dialog', { name: 'Type the API key of Guarded shop' })
  await expect(proof.getByLabel('API key of Guarded shop')).toBeFocused()

  // Esc is "not now" to the question; the form behind it keeps what was changed.
  await page.keyboard.press('Escape')
  await expect(proof).toHaveCount(0)
  await expect(edit).toBeVisible()
  await expect(edit.getByLabel('Name')).toHaveValue('Guarded shop (EU)')
  await expect(edit.getByRole('radio', { name: 'development' })).toBeChecked()
  expect(await stored()).toMatchObject({ name: 'Guarded shop', tag: 'production' })

  // Esc on the form itself asks before the changes go; Discard and close saves nothing.
  await edit.getByLabel('Name').focus()
  await page.keyboard.press('Escape')
  const ask = page.getByRole('dialog', { name: 'Discard your changes?' })
  await expect(ask.getByText('Your changes to Guarded shop have not been saved.')).toBeVisible()
  await ask.getByRole('button', { name: 'Discard and close' }).click()
  await expect(edit).toBeHidden()
  expect(await stored()).toMatchObject({ name: 'Guarded shop', tag: 'production' })
})

test('deleting the stored key of a production project asks for that key first', async ({ page, host }) => {
  const { stored, edit } = await editProductionProject(page, host, 'Keyed shop')
  await edit.getByRole('button', { name: 'Delete stored key' }).click()

  const proof = page.getByRole('dialog', { name: 'Type the API key of Keyed shop' })
  await expect(proof.getByTestId('proof-why')).toContainText(
    'To delete its stored API key, type the API key of "Keyed shop" again',
  )
  expect(await stored()).toMatchObject({ key: { present: true } })
  await proof.getByLabel('API key of Keyed shop').fill(KEY)
  await proof.getByRole('button', { name: 'Continue' }).click()
  await expect(proof).toBeHidden()
  await expect(edit.getByRole('button', { name: 'Delete stored key' })).toBeHidden()
  expect(await stored()).toMatchObject({ key: { present: false }, reach: { code: 'key_missing' } })
})

test('export without keys, import asks for each key', async ({ page, host }) => {
  const added = await host.dispatch('projects.add', {
    name: 'Exported shop',
    endpoint: second.url,
    projectId: 'second',
    tag: 'staging',
    colour: 'teal',
    key: KEY,
  })
  expect(added.ok).toBe(true)
  const template = 'https://shop.example.com/magic?user={userId}&secret={secret}'
  const set = await host.dispatch('signIn.setLinkTemplate', {
    project: (added as { value: { id: string } }).value.id,
    template,
  })
  expect(set.ok).toBe(true)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await reloadWindow(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  await expect(page.getByText('sign-in link templates. No keys')).toBeVisible()
  const json = await page.getByRole('textbox', { name: 'Exported JSON' }).inputValue()
  expect(json).toContain('Exported shop')
  expect(json).toContain(template)
  expect(json).not.toContain(KEY)
  await page.screenshot({ path: screenshotPath('projects-export'), animations: 'disabled' })
  await page.keyboard.press('Escape')

  const removed = await host.dispatch('projects.remove', {
    project: (added as { value: { id: string } }).value.id,
  })
  expect(removed.ok).toBe(true)
  await reloadWindow(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Import project definitions' })
  await dialog.locator('input[type=file]').setInputFiles({
    name: 'userdeck-projects.json',
    mimeType: 'application/json',
    buffer: Buffer.from(json),
  })
  await expect(dialog.getByRole('textbox', { name: 'Definitions JSON' })).toHaveValue(json)
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.getByText(/1 added/)).toBeVisible()
  await dialog.getByLabel('API key for Exported shop').fill(KEY)
  await dialog.getByRole('button', { name: 'Save key' }).click()
  await expect(dialog.getByText(/connected/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('projects-import'), animations: 'disabled' })
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(page.getByRole('listitem', { name: 'Exported shop' }).getByText('Online')).toBeVisible()
  // The sign-in link template came back with the project, under its new id.
  const listed = await host.dispatch('projects.list', {})
  const back = (listed as { value: { id: string; name: string }[] }).value.find(
    (p) => p.name === 'Exported shop',
  )!
  const link = await host.dispatch('signIn.linkTemplate', { project: back.id })
  expect(link).toEqual({ ok: true, value: { template } })
})

test("the definitions export's Copy, refused by the clipboard, says so and selects the JSON for Ctrl-C", async ({
  page,
  host,
}) => {
  const added = await host.dispatch('projects.add', {
    name: 'Copied shop',
    endpoint: second.url,
    projectId: 'second',
    key: KEY,
  })
  expect(added.ok).toBe(true)
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await reloadWindow(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  await page.getByRole('button', { name: 'Export', exact: true }).click()
  const dialog = page.getByRole('dialog', { name: 'Export project definitions' })
  const box = dialog.getByRole('textbox', { name: 'Exported JSON' })
  const json = await box.inputValue()
  await refuseClipboardWrites(page)

  await dialog.getByRole('button', { name: 'Copy', exact: true }).click()
  await expect(dialog.getByRole('alert').filter({ hasText: 'clipboard' })).toHaveText(
    'The clipboard did not take the definitions. It is selected: press Ctrl/⌘-C to copy it.',
  )
  await expect(box).toBeFocused()
  expect(
    await box.evaluate((b: HTMLTextAreaElement) => b.value.slice(b.selectionStart, b.selectionEnd)),
  ).toBe(json)
  await page.screenshot({ path: screenshotPath('projects-export-copy-refused'), animations: 'disabled' })
  await page.keyboard.press('Control+C')
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(json)
})

test('Import project definitions asks before pasted definitions or a typed key go; Cancel and Done with nothing unsaved do not', async ({
  page,
  host,
}) => {
  const json = JSON.stringify({
    format: 'userdeck-projects',
    version: 1,
    projects: [{ name: 'Pasted shop', endpoint: second.url, projectId: 'second', tag: 'staging' }],
  })
  const open = async () => {
    await page.getByRole('button', { name: 'Import', exact: true }).click()
    return page.getByRole('dialog', { name: 'Import project definitions' })
  }
  const askDefinitions = page.getByRole('dialog', { name: 'Discard these definitions?' })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()

  // Untouched, Esc closes at once; Cancel never asks.
  let dialog = await open()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  dialog = await open()
  const box = dialog.getByRole('textbox', { name: 'Definitions JSON' })
  await box.fill(json)
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  await expect(askDefinitions).toHaveCount(0)

  // Pasted, Esc asks with Keep editing focused, and Esc keeps the definitions; the × asks, Enter keeps.
  dialog = await open()
  await box.fill(json)
  await page.keyboard.press('Escape')
  await expect(askDefinitions.getByRole('button', { name: 'Keep editing' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(askDefinitions).toHaveCount(0)
  await expect(box).toHaveValue(json)
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(askDefinitions).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(askDefinitions).toHaveCount(0)
  await expect(box).toHaveValue(json)

  // Imported, a key typed and not saved: Done asks; Esc in the question keeps the key.
  await dialog.getByRole('button', { name: 'Import' }).click()
  await expect(dialog.getByText(/1 added/)).toBeVisible()
  const keyField = dialog.getByLabel('API key for Pasted shop')
  await keyField.fill(KEY)
  await dialog.getByRole('button', { name: 'Done' }).click()
  const askKey = page.getByRole('dialog', { name: 'Discard the API key you typed?' })
  await expect(askKey.getByText("you can enter it later from the project's Edit button")).toBeVisible()
  await page.screenshot({ path: screenshotPath('projects-import-discard-key'), animations: 'disabled' })
  await page.keyboard.press('Escape')
  await expect(askKey).toHaveCount(0)
  await expect(keyField).toHaveValue(KEY)
  // Saved, nothing is left to lose: Done closes at once.
  await dialog.getByRole('button', { name: 'Save key' }).click()
  await expect(dialog.getByText(/connected/)).toBeVisible()
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toBeHidden()
  await expect(askKey).toHaveCount(0)
  await expect(page.getByRole('listitem', { name: 'Pasted shop' }).getByText('Online')).toBeVisible()

  // Pasted again, a click beside the dialog asks; Discard and close imports nothing, and it opens empty.
  dialog = await open()
  await box.fill(json.replace('Pasted shop', 'Never imported'))
  await page.mouse.click(5, 300)
  await askDefinitions.getByRole('button', { name: 'Discard and close' }).click()
  await expect(dialog).toBeHidden()
  const listed = (await host.dispatch('projects.list', {})) as { value: ProjectView[] }
  expect(listed.value.map((p) => p.name)).not.toContain('Never imported')
  dialog = await open()
  await expect(box).toHaveValue('')
})

test('a keychain that crashes its check: the window says so, and that keys last for this run only', async ({
  dataDir,
  chromium,
}) => {
  const host = await createHost({
    dataDir: `${dataDir}/memory`,
    shell: 'chromium',
    demo: false,
    // A probe that dies of SIGSEGV, as keytar does when gnome-keyring must prompt and cannot. Patient,
    // so the crash decides what the banner says: with the app's 2 s, a busy machine slow to report the
    // child's end would read as a keychain that did not answer.
    keychainProbe: {
      script: { path: join(import.meta.dirname, '../fixtures/keychain-probes/crashes.mjs') },
      timeoutMs: PATIENT_KEYCHAIN_MS,
    },
  })
  const shell = await openChromiumShell({ running: chromium, host, ...shellTestOptions })
  try {
    await shell.page
      .getByRole('navigation', { name: 'Screens' })
      .getByText('Projects', { exact: true })
      .click()
    const banner = shell.page.getByRole('alert', { name: /^No OS keychain/ })
    await expect(banner).toContainText('in memory')
    await expect(banner).toContainText('The keychain crashed while being checked (it ended with SIGSEGV).')
    await expect(shell.page.getByText('The key goes to the OS keychain')).toHaveCount(0)
    await expect(
      shell.page.getByText(/With no OS keychain, the key is kept in memory for this run only/),
    ).toBeVisible()
    // The switcher's "Add project…" opens the same form from any screen.
    await shell.page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
    await shell.page.getByRole('combobox', { name: 'Project', exact: true }).click()
    await shell.page.getByRole('option', { name: 'Add project…' }).click()
    await expect(shell.page.getByRole('dialog', { name: 'Add a project' })).toBeVisible()
    await expect(
      shell.page.getByRole('dialog').getByText(/the key is kept in memory for this run only, never on disk/),
    ).toBeVisible()
    await shell.page.screenshot({
      path: screenshotPath('projects-no-keychain'),
      fullPage: true,
      animations: 'disabled',
    })
  } finally {
    await shell.close()
    await host.close()
  }
})

test('opens with its server offline, marks it, and connects when the server comes back', async ({
  dataDir,
  chromium,
}) => {
  const port = await closedPort()
  const folder = join(dataDir, 'offline')
  mkdirSync(folder, { recursive: true })
  const entry = {
    id: 'p_offline0001',
    name: 'Away shop',
    endpoint: `http://127.0.0.1:${port}/v1`,
    projectId: 'away',
    colour: 'cyan',
    tag: 'staging',
    readOnly: false,
    scopes: { read: true, write: true },
    lastCheckedAt: '2026-01-01T00:00:00.000Z',
  }
  writeFileSync(join(folder, 'projects.json'), JSON.stringify({ version: 1, projects: [entry] }))
  const secrets = new MemorySecretStore()
  await secrets.set(entry.id, KEY)
  const host = await createHost({ dataDir: folder, shell: 'chromium', demo: false, secrets })
  const shell = await openChromiumShell({ running: chromium, host, ...shellTestOptions })
  let server: RunningSandbox | null = null
  try {
    const page = shell.page
    await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
    const card = page.getByRole('listitem', { name: 'Away shop' })
    await expect(card.getByText('Unreachable')).toBeVisible()
    await expect(card.getByText(/Could not reach the endpoint/)).toBeVisible()
    await page.screenshot({
      path: screenshotPath('projects-offline'),
      fullPage: true,
      animations: 'disabled',
    })
    // The network "comes back": main's backoff retry finds the server without anyone clicking.
    server = await startSandbox({ port, projectId: 'away', apiKey: KEY, seed: 3, quiet: true })
    // The backoff has grown for as long as the page took to get here: the retry that finds the server
    // is the one scheduled now (a check already under way may fail first and schedule it).
    let due = 0
    await expect
      .poll(async () => {
        const listed = await host.dispatch('projects.list', {})
        if (!listed.ok) return 'error'
        const { reach } = (listed.value as ProjectView[]).find((p) => p.id === entry.id)!
        due = reach.nextRetryAt ? Date.parse(reach.nextRetryAt) - Date.now() : 0
        return reach.state === 'online' || (reach.state === 'unreachable' && reach.nextRetryAt !== null)
      })
      .toBe(true)
    await expect(card.getByText('Online')).toBeVisible({ timeout: Math.max(0, due) + 20_000 })
  } finally {
    await shell.close()
    await host.close()
    await server?.close()
  }
})

test('a key too short to show four characters of is said to be stored, not shown as "Key …"', async ({
  page,
  host,
  startSandbox,
}) => {
  const short = 'short-key-12'
  const sandbox = await startSandbox({ projectId: 'short', apiKey: short, seed: 1 })
  const added = await host.dispatch('projects.add', {
    name: 'Short key',
    endpoint: sandbox.url,
    projectId: sandbox.projectId,
    key: short,
  })
  expect(added.ok).toBe(true)
  await reloadWindow(page)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Projects', { exact: true }).click()
  const card = page.getByRole('listitem', { name: 'Short key' })
  await expect(card.getByText(/^Key stored · in (keychain|memory for this run)$/)).toBeVisible()
  await expect(card).not.toContainText('…')
})
