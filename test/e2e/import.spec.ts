import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Account, Client } from 'node-appwrite'
import type { Page } from '@playwright/test'
import { test, expect, openSandboxProject, screenshotPath } from './fixtures'

const FIXTURES = join(import.meta.dirname, '../fixtures/import')
const CSV = join(FIXTURES, 'wizard-users.csv')

/** The Import screen with the Firebase Auth export chosen as its source. */
async function openFirebaseExport(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(join(FIXTURES, 'firebase-users.json'))
  await expect(page.getByText('firebase-users.json')).toBeVisible()
}

test('import wizard: drop a CSV, confirm mapping and hashes, check a password, validate, dry run, import, report', async ({
  page,
  host,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await expect(page.getByText('Drop the export here, or click to choose it')).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-1-source-empty') })

  // The Chromium shell has no file paths: the file goes to main in chunks through the File API.
  await page.locator('input[type="file"]').setInputFiles(CSV)
  await expect(page.getByText('wizard-users.csv')).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-2-source-file') })
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()

  // Detected format, guessed mapping, hash kinds, and the first rows as they will be created.
  await expect(page.getByText('Detected: CSV')).toBeVisible()
  await expect(page.getByRole('combobox', { name: 'Name', exact: true })).toHaveValue('full name')
  await expect(page.getByText(/Bcrypt: 5/)).toBeVisible()
  await expect(page.getByText(/MD5: 5/)).toBeVisible()
  const preview = page.getByRole('table', { name: 'Preview of the first rows' })
  await expect(preview.getByText('wizard1@example.com')).toBeVisible()
  await expect(preview.getByText('Wizard Person 2')).toBeVisible()

  // A known password checked against its row's hash before anything is imported.
  await page.getByRole('textbox', { name: 'Row' }).fill('3')
  await page.getByLabel('Their password').fill('wizard-password-2')
  await page.getByRole('button', { name: 'Check password' }).click()
  await expect(page.getByRole('status').getByText(/matches row 3's MD5 hash/)).toBeVisible()
  await page.getByLabel('Their password').fill('not-their-password')
  await page.getByRole('button', { name: 'Check password' }).click()
  await expect(page.getByRole('status').getByText(/does not match row 3's MD5 hash/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-3-mapping'), fullPage: true })
  await expect(page.getByTestId('import-next-key')).toHaveText('Ctrl/⌘-Enter: next step')

  // Validation: every problem with its row and field; nothing proceeds until each class is decided.
  // Ctrl-Enter takes each step's main action, from a text box too: it types nothing.
  await page.getByLabel('Their password').click()
  await page.keyboard.press('Control+Enter')
  await expect(page.getByText('Email is not valid — 1 row')).toBeVisible()
  await expect(page.getByText('Plaintext password is under 8 characters — 1 row')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Email is not valid' }).getByText('12')).toBeVisible()
  const dryRun = page.getByRole('button', { name: /^Dry run/ })
  await expect(dryRun).toBeDisabled()
  await page.screenshot({ path: screenshotPath('import-4-validation'), fullPage: true })
  // A small self-hosted server: the import may make at most 4 calls at once.
  await page.getByRole('textbox', { name: 'Calls at once, at most' }).fill('4')
  for (const rule of ['Email is not valid', 'Plaintext password is under 8 characters']) {
    await page
      .getByRole('radiogroup', { name: `What to do with: ${rule}` })
      .getByText('Skip these rows')
      .click()
  }
  await expect(dryRun).toBeEnabled()
  // The last choice keeps the focus, on its radio, where Ctrl-Enter goes on as from anywhere.
  await expect(
    page
      .getByRole('radiogroup', { name: 'What to do with: Plaintext password is under 8 characters' })
      .getByRole('radio', { name: 'Skip these rows' }),
  ).toBeFocused()
  await page.keyboard.press('Control+Enter')

  // The dry run, row by row; nothing written yet.
  await expect(page.getByText('Dry run: nothing has been written')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Dry run, row by row' }).getByText('will write')).toHaveCount(
    10,
  )
  await page.screenshot({ path: screenshotPath('import-5-dry-run'), fullPage: true })
  const before = await host.dispatch('users.list', { project: 'demo', search: 'wizard', limit: 50 })
  expect(before.ok && (before.value as { users: unknown[] }).users).toHaveLength(0)

  await page.getByRole('button', { name: 'Import 10 users' }).click()
  await expect(page.getByText('Import finished')).toBeVisible({ timeout: 30_000 })
  const jobsDir = join(host.core.dataDir, 'jobs')
  const specs = readdirSync(jobsDir).map(
    (id) =>
      JSON.parse(readFileSync(join(jobsDir, id, 'job.json'), 'utf8')) as { kind: string; params: unknown },
  )
  expect(specs.filter((j) => j.kind === 'import').map((j) => j.params)).toEqual([
    expect.objectContaining({ concurrency: 4 }),
  ])
  await expect(page.getByText('10 imported, 2 skipped, 0 failed, of 12 rows.')).toBeVisible()
  // When it ended and how long it took, as the job's dialog and the Jobs list say it.
  await expect(page.getByRole('status').getByTestId('job-finished')).toHaveText(
    /^Finished \d{1,2}:\d{2}(\s?[AP]M)? · took (under a second|\d+ s|\d+ min( \d+ s)?)$/,
  )
  // The report has no next step: Ctrl/⌘-Enter, named on every step before, is not offered here.
  await expect(page.getByTestId('import-next-key')).toHaveCount(0)
  // Nor a way back: once the import started, its steps are history, not to be gone back to.
  const stepper = page.getByRole('group', { name: 'Import steps' })
  for (const done of ['Source', 'Mapping', 'Validation', 'Dry run'])
    await expect(stepper.getByRole('button', { name: new RegExp(done) })).toHaveAttribute('tabindex', '-1')
  await expect(
    page.getByRole('table', { name: 'Rows not imported' }).getByText(/not a valid email/),
  ).toBeVisible()
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Save report as CSV' }).click()
  expect((await download).suggestedFilename()).toMatch(/^userdeck-import-.*\.csv$/)
  await page.screenshot({ path: screenshotPath('import-6-report'), fullPage: true })

  // The people log in with their original passwords.
  const demo = await host.core.projects.resolve('demo')
  const account = new Account(new Client().setEndpoint(demo.entry.endpoint).setProject(demo.entry.projectId))
  for (const i of [1, 2, 7, 10]) {
    const session = await account.createEmailPasswordSession({
      email: `wizard${i}@example.com`,
      password: `wizard-password-${i}`,
    })
    expect(session.userId).toBeTruthy()
  }
  const after = await host.dispatch('users.list', { project: 'demo', search: 'wizard', limit: 50 })
  const users = (after.ok ? (after.value as { users: { labels: string[] }[] }).users : []) ?? []
  expect(users).toHaveLength(10)
  expect(users.filter((u) => u.labels.includes('beta'))).toHaveLength(3)

  // An import is a job with its report, not ten changes in Activity: the empty log says where it is.
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  await expect(page.getByText(/^Nothing recorded yet\. .* Imports are not: each is in Jobs/)).toBeVisible()
})

test('a Firebase hash config pasted and the format detected in one click: the mapping step already knows the hashes', async ({
  page,
}) => {
  await openFirebaseExport(page)
  const config = page.getByRole('textbox', { name: /Firebase password hash parameters/ })
  await config.fill(readFileSync(join(FIXTURES, 'firebase-hash-config.txt'), 'utf8'))
  // The field is left by this very click: the config is read before the rows are.
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: Firebase Auth export')).toBeVisible()
  await expect(page.getByText(/Scrypt modified \(Firebase\): \d+/)).toBeVisible()
  await expect(page.getByText(/Unknown/i)).toHaveCount(0)
  // The first rows name their hash in the same words, and the internal name shows nowhere.
  const preview = page.getByRole('table', { name: 'Preview of the first rows' })
  await expect(preview.getByText('Scrypt modified (Firebase)', { exact: true })).toHaveCount(3)
  await expect(page.getByText(/scryptMod/)).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('import-firebase-config-detected'), fullPage: true })
})

test('a Firebase export read without its hash config: pasted in the mapping step, the detected hashes follow at once', async ({
  page,
}) => {
  await openFirebaseExport(page)
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: Firebase Auth export')).toBeVisible()
  await expect(page.getByText(/^unknown: \d+$/i)).toBeVisible()
  await expect(page.getByText(/Scrypt modified \(Firebase\): \d+/)).toHaveCount(0)
  const needed = page.getByText(/^Firebase passwords need the project's hash config: Firebase console → /)
  await expect(needed).toBeVisible()

  const config = page.getByRole('textbox', { name: /Firebase password hash parameters/ })
  await config.fill(readFileSync(join(FIXTURES, 'firebase-hash-config.txt'), 'utf8'))
  await config.blur()
  await expect(page.getByText(/Scrypt modified \(Firebase\): \d+/)).toBeVisible()
  await expect(page.getByText(/^unknown: \d+$/i)).toHaveCount(0)
  await expect(needed).toHaveCount(0)
  await expect(page.getByText(/^Hash config read: rounds \d+/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-firebase-config-in-mapping'), fullPage: true })
})

test('an Auth0 export says its user_metadata becomes prefs, and the preview shows each row’s prefs', async ({
  page,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(join(FIXTURES, 'auth0-users.ndjson'))
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: Auth0 export')).toBeVisible()
  await expect(
    page.getByText(/fields are mapped by Userdeck: .*, and user_metadata as prefs\.$/),
  ).toBeVisible()
  const preview = page.getByRole('table', { name: 'Preview of the first rows' })
  await expect(preview.getByRole('columnheader', { name: 'Prefs' })).toBeVisible()
  const first = preview.getByRole('row').filter({ hasText: 'a0user1@auth0.example' })
  await expect(first.getByRole('cell', { name: 'plan', exact: true })).toBeVisible()
})

test('an import cancelled while calls are in flight reports those rows as they ended, and the rows skipped at validation as skipped, not as pending', async ({
  page,
  host,
  dataDir,
  startSandbox,
}) => {
  const KEY = 'e2e_cancel_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'cancel', apiKey: KEY, seed: 0 })
  await openSandboxProject(page, host, sandbox, { name: 'Cancel shop', key: KEY })
  const file = join(dataDir, 'cancel.csv')
  const lines = Array.from({ length: 40 }, (_, i) => `cancel${i}@example.com,Cancel ${i}`)
  // Two rows at the end, skipped at validation: the cancel comes before the import reaches them.
  const bad = ['not-an-email-1,Bad 1', 'not-an-email-2,Bad 2']
  writeFileSync(file, ['email,name', ...lines, ...bad].join('\n'))

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(file)
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await page.getByRole('button', { name: 'Validate every row' }).click()
  await page
    .getByRole('radiogroup', { name: 'What to do with: Email is not valid' })
    .getByText('Skip these rows')
    .click()
  // At most 4 calls at once: a few rows are in flight when it is cancelled, and the rest not reached.
  await page.getByRole('textbox', { name: 'Calls at once, at most' }).fill('4')
  await page.getByRole('button', { name: /^Dry run/ }).click()
  // The first ten creates go through; the next wait at the sandbox while the import is cancelled.
  const hold = sandbox.hold({
    after: 10,
    match: ({ method, path }) => method === 'POST' && /\/users$/.test(path),
  })
  await page.getByRole('button', { name: 'Import 40 users' }).click()
  await hold.reached(1)
  // While rows go the pace is shown; paused, only how far the import got: "0/s" said nothing.
  const pace = page.getByTestId('import-pace')
  await expect(pace).toHaveText(/^[\d,]+\/s(, about .+ left)? · \d+%$/)
  await page.getByRole('button', { name: 'Pause', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible()
  await expect(pace).toHaveText(/^\d+%$/)
  await page.getByRole('button', { name: 'Resume', exact: true }).click()
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible()
  // Cancelling asks first, saying what stays and how to bring in the rest; Escape keeps importing.
  const cancel = page.getByRole('button', { name: 'Cancel', exact: true })
  await cancel.click()
  const ask = page.getByRole('dialog', { name: 'Cancel this import?' })
  await expect(ask.getByText(/^The users imported so far stay in “Cancel shop”/)).toBeVisible()
  await expect(ask.getByText(/^To bring in the rest later, import the same file again/)).toBeVisible()
  await expect(ask.getByRole('button', { name: 'Cancel import' })).toBeFocused()
  await page.screenshot({ path: screenshotPath('import-cancel-0-asked'), fullPage: true })
  await page.keyboard.press('Escape')
  await expect(ask).toBeHidden()
  await expect(page.getByText('Import cancelled')).toHaveCount(0)
  expect(host.services.jobs.list().find((j) => j.kind === 'import')?.state).toBe('running')
  // Enter confirms.
  await cancel.click()
  await expect(ask.getByRole('button', { name: 'Cancel import' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(ask).toBeHidden()
  await expect(page.getByText('Import cancelled')).toBeVisible()
  await expect(page.getByText(/^Cancelled\. The calls already sent are ending/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('import-cancel-1-settling'), fullPage: true })

  hold.release()
  await expect(page.getByText(/^Cancelled\. The calls already sent are ending/)).toBeHidden()
  // The rows held ended done after the cancel: the alert counts them, and the table lists only the rest.
  // The rows skipped at validation are skipped for their reason, as in a finished import.
  const counts = page.getByText(/^\d+ imported, 2 skipped, 0 failed, of 42 rows\.$/)
  await expect(counts).toBeVisible()
  const done = Number(/^(\d+)/.exec((await counts.textContent()) ?? '')?.[1])
  expect(done).toBeGreaterThan(10)
  expect(done).toBeLessThanOrEqual(14)
  // The rows the cancel stopped are counted, with the way to bring them in.
  await expect(
    page.getByText(
      `Cancelled. ${40 - done} rows of the file were not imported; import the same file again to bring them in.`,
      { exact: false },
    ),
  ).toBeVisible()
  const notImported = page.getByRole('table', { name: 'Rows not imported' })
  await expect(notImported.locator('tbody tr')).toHaveCount(42 - done)
  await expect(notImported.getByText('done', { exact: true })).toHaveCount(0)
  const skipped = notImported.getByRole('row').filter({ hasText: 'not-an-email' })
  await expect(skipped).toHaveCount(2)
  for (const row of await skipped.all()) {
    await expect(row.getByRole('cell', { name: 'skipped', exact: true })).toBeVisible()
    await expect(row.getByRole('cell', { name: /^Skipped: email: / })).toBeVisible()
  }
  // The rows the cancel stopped are named as the sentence above and the saved report name them.
  await expect(page.getByText(/The saved report lists them as pending\.$/)).toBeVisible()
  await expect(notImported.getByRole('cell', { name: 'pending', exact: true })).toHaveCount(40 - done)
  await expect(notImported.getByText('not reached')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('import-cancel-2-report'), fullPage: true })
})

test("at 1024×700 the wizard's six steps stand on one line, by their names", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  const steps = page.locator('.mantine-Stepper-step')
  await expect(steps).toHaveCount(6)
  const tops = await steps.evaluateAll((all) => all.map((s) => Math.round(s.getBoundingClientRect().top)))
  expect(new Set(tops).size).toBe(1)
  // No name is broken over two lines to make room ("Dry / run").
  const heights = await page
    .locator('.mantine-Stepper-stepLabel')
    .evaluateAll((all) => all.map((l) => Math.round(l.getBoundingClientRect().height)))
  expect(new Set(heights).size).toBe(1)
  for (const name of ['Source', 'Mapping', 'Validation', 'Dry run', 'Import', 'Report'])
    await expect(steps.getByText(name, { exact: true })).toBeInViewport({ ratio: 1 })
  await page.screenshot({ path: screenshotPath('import-steps-1024') })
  // A wide window keeps what each step does under its name.
  await page.setViewportSize({ width: 1440, height: 900 })
  await expect(steps.getByText('Columns and hashes')).toBeVisible()
})

test('each step of the import wizard opens at its top, wherever the last one was scrolled to', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Import', { exact: true }).click()
  await page.locator('input[type="file"]').setInputFiles(CSV)
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: CSV')).toBeVisible()
  const scrollTop = () => page.evaluate(() => document.scrollingElement!.scrollTop)
  /** Scrolls down to a step's button, as a person does to reach it, and clicks it. */
  const scrollAndClick = async (name: string | RegExp) => {
    const button = page.getByRole('button', { name })
    await button.scrollIntoViewIfNeeded()
    expect(await scrollTop()).toBeGreaterThan(0)
    await button.click()
  }

  await scrollAndClick('Validate every row')
  await expect(page.getByText('Email is not valid — 1 row')).toBeVisible()
  await expect.poll(scrollTop).toBe(0)
  await expect(page.getByText('Rows', { exact: true })).toBeInViewport()
  for (const rule of ['Email is not valid', 'Plaintext password is under 8 characters'])
    await page
      .getByRole('radiogroup', { name: `What to do with: ${rule}` })
      .getByText('Skip these rows')
      .click()

  await scrollAndClick(/^Dry run/)
  await expect(page.getByText('Dry run: nothing has been written')).toBeInViewport()
  await expect.poll(scrollTop).toBe(0)

  await scrollAndClick('Back')
  await expect(page.getByText('Rows', { exact: true })).toBeInViewport()
  await expect.poll(scrollTop).toBe(0)
  await scrollAndClick('Back')
  await expect(page.getByText('Detected: CSV')).toBeInViewport()
  await expect.poll(scrollTop).toBe(0)
  await page.screenshot({ path: screenshotPath('import-mapping-at-top-1024') })

  // The preview of the first rows is wider than the window: the box that scrolls it keeps the
  // browser's own scrollbar, which shows always (headless Chromium hides every scrollbar, so the test
  // reads the style that draws it; a hover-only bar sets it to none).
  const preview = page.getByRole('table', { name: 'Preview of the first rows' })
  await preview.scrollIntoViewIfNeeded()
  const scroller = await preview.evaluate((table) => {
    let box = table.parentElement!
    while (!/auto|scroll/.test(getComputedStyle(box).overflowX) && box.parentElement) box = box.parentElement
    return { wider: box.scrollWidth > box.clientWidth, scrollbar: getComputedStyle(box).scrollbarWidth }
  })
  expect(scroller).toEqual({ wider: true, scrollbar: 'auto' })
  await page.screenshot({ path: screenshotPath('import-mapping-preview-1024') })
})

test('a Firebase hash config Appwrite cannot verify: its reason stays at the field, and the wizard can import without passwords', async ({
  page,
}) => {
  await openFirebaseExport(page)
  await page.getByRole('button', { name: 'Detect format and mapping' }).click()
  await expect(page.getByText('Detected: Firebase Auth export')).toBeVisible()
  const config = page.getByRole('textbox', { name: /Firebase password hash parameters/ })
  await config.fill(
    readFileSync(join(FIXTURES, 'firebase-hash-config.txt'), 'utf8').replace('rounds: 8', 'rounds: 99'),
  )
  await config.blur()
  // The reason, and a way out this wizard has; validating would only say a config is needed.
  const refused = page.getByText(/this project uses rounds 99 and mem_cost 14\..*"Import without passwords"/)
  await expect(refused).toBeVisible()
  await expect(page.getByRole('button', { name: 'Validate every row' })).toBeDisabled()
  await page.screenshot({ path: screenshotPath('import-firebase-config-refused'), fullPage: true })

  await page.getByRole('checkbox', { name: 'Import without passwords' }).check()
  await expect(config).toBeHidden()
  await page.getByRole('button', { name: 'Preview again with these choices' }).click()
  await expect(
    page.getByRole('table', { name: 'Preview of the first rows' }).getByText('Scrypt modified (Firebase)'),
  ).toHaveCount(0)
  await expect(page.getByRole('checkbox', { name: 'Import without passwords' })).toBeChecked()
  await page.getByRole('button', { name: 'Validate every row' }).click()
  await expect(page.getByText('Every row can be imported as it is.')).toBeVisible()
  await page.getByRole('button', { name: /^Dry run/ }).click()
  const dryRun = page.getByRole('table', { name: 'Dry run, row by row' })
  await expect(dryRun.getByText('will write').first()).toBeVisible()
  await expect(page.getByText('cannot be imported')).toContainText('0 cannot be imported')
})
