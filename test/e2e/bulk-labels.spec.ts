import type { AuditEntry } from '@shared/models'
import { test, expect, openSandboxProject, screenshotPath } from './fixtures'

test('bulk label add: preview, run, report, then undo the whole job from Activity', async ({
  page,
  host,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Labels', { exact: true }).click()
  await expect(page.getByRole('table', { name: 'Labels' })).toBeVisible()

  const form = page.getByRole('form', { name: 'Bulk action' })
  const labels = form.getByRole('combobox', { name: 'Labels' })
  // Validation as you type names the rule that broke.
  await labels.fill('no-dashes')
  await expect(form.getByText(/may contain only letters/)).toBeVisible()
  await labels.fill('')
  await labels.fill('e2eincident')
  await labels.press('Enter')
  await form.getByRole('button', { name: 'Preview' }).click()

  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('120')
  // Its × is named, as every dialog's is, for a screen reader.
  await expect(dialog.getByRole('button', { name: 'Close', exact: true })).toBeVisible()
  await expect(dialog.getByRole('table', { name: 'Preview' }).getByText('e2eincident').first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('bulk-labels-preview') })
  // The dry run wrote nothing.
  expect(host.core.audit.list({ action: 'labels.add' })).toHaveLength(0)

  // Keyboard first: Ctrl+Enter runs what the preview shows.
  await expect(dialog.getByRole('button', { name: /Run on 120 users/ })).toBeEnabled()
  await page.keyboard.press('Control+Enter')
  await expect(dialog.getByTestId('job-state')).toHaveText('completed')
  await expect(dialog.getByTestId('stat-done')).toHaveText('120')
  await expect(dialog.getByText('Every user was done; nothing skipped or failed.')).toBeVisible()
  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Save report (CSV)' }).click()
  expect((await download).suggestedFilename()).toMatch(/^userdeck-labels-.*\.csv$/)
  await page.screenshot({ path: screenshotPath('bulk-labels-report') })
  await page.keyboard.press('Escape')
  // Closed, the dialog gives focus back to the Preview button, which kept it while it planned.
  await expect(form.getByRole('button', { name: 'Preview' })).toBeFocused()

  // The overview behind the dialog counted again when the job ended: the new label, on every user.
  await expect(page.getByRole('row', { name: /e2eincident\s+120/ })).toBeVisible()

  await page.getByRole('navigation', { name: 'Screens' }).getByText('Activity', { exact: true }).click()
  const activity = page.getByRole('table', { name: 'Activity' })
  // The job is one row, in words, that opens to its 120 changes.
  await expect(activity.getByText('Added label e2eincident · 120 users')).toBeVisible()
  await activity.getByRole('button', { name: 'Show the 120 changes of this job' }).click()
  await expect(activity.getByText('Added label e2eincident', { exact: true })).toHaveCount(120)
  await page.screenshot({ path: screenshotPath('bulk-labels-activity') })
  await activity.getByRole('button', { name: 'Undo job' }).first().click()
  // The undo opens at its preview, as every job does: nothing is set back until it is run.
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('120')
  expect(host.core.audit.list({ action: 'undo labels.add' })).toHaveLength(0)
  await page.keyboard.press('Control+Enter')
  await expect(dialog.getByTestId('job-state')).toHaveText('completed')
  await expect(dialog.getByTestId('stat-done')).toHaveText('120')
  await page.screenshot({ path: screenshotPath('bulk-labels-undone') })
  await page.keyboard.press('Escape')

  const r = await host.dispatch('users.list', { project: 'demo', limit: 500 })
  if (!r.ok) throw new Error(r.error.message)
  const users = (r.value as { users: { labels: string[] }[] }).users
  expect(users.some((u) => u.labels.includes('e2eincident'))).toBe(false)
  const undone: AuditEntry[] = host.core.audit.list({ action: 'undo labels.add' })
  expect(undone).toHaveLength(120)
  await expect(activity.getByText('Undid “Added label e2eincident” · 120 users')).toBeVisible()
  // Filtered to the original writes, the job is marked undone and offers no second undo.
  await page.getByRole('textbox', { name: 'Action' }).fill('labels.add')
  await expect(activity.getByText('Undid “Added label e2eincident” · 120 users')).toHaveCount(0)
  await expect(activity.getByText('undone').first()).toBeVisible()
  await expect(activity.getByRole('button', { name: /^Undo/ })).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('bulk-labels-activity-undone') })
})

test('Enter in a field submits nothing while Preview says it cannot run, and submits once it can', async ({
  page,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  await form.getByRole('combobox', { name: 'Action', exact: true }).click()
  await page.getByRole('option', { name: 'Rename a label' }).click()
  const labels = form.getByRole('combobox', { name: 'Labels' })
  await labels.fill('vip')
  await labels.press('Enter')
  const preview = form.getByRole('button', { name: 'Preview' })
  await expect(form.getByText('Rename takes one label and its new name.')).toBeVisible()
  await expect(preview).toBeDisabled()
  // The page counts the form's submits: the browser submits, or not, while it handles the key.
  await form.evaluate((f) => {
    const counted = window as unknown as { submits: number }
    counted.submits = 0
    f.addEventListener('submit', () => counted.submits++)
  })
  const submits = () => page.evaluate(() => (window as unknown as { submits: number }).submits)
  const to = form.getByRole('textbox', { name: 'New name' })
  await to.press('Enter')
  expect(await submits()).toBe(0)
  await to.fill('customer')
  await expect(preview).toBeEnabled()
  await to.press('Enter')
  expect(await submits()).toBe(1)
  await expect(page.getByRole('dialog').getByTestId('stat-will-change')).toBeVisible()
})

test('choosing "Users with label" asks for one, as what to do next, not as a broken rule', async ({
  page,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  await form.getByRole('combobox', { name: 'Action', exact: true }).click()
  await page.getByRole('option', { name: 'Block', exact: true }).click()
  await form.getByRole('combobox', { name: 'On', exact: true }).click()
  await page.getByRole('option', { name: 'Users with label' }).click()
  await expect(form.getByText('Pick a label.')).toBeVisible()
  await expect(form.getByText('A label cannot be empty.')).toHaveCount(0)
})

test('counts in the thousands are written with separators: the label list, the preview and its Run', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_thousands_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'thousands', apiKey: key, seed: 1200 })
  await openSandboxProject(page, host, sandbox, { name: 'Big shop', key, tag: 'staging' })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Labels', { exact: true }).click()
  await expect(page.getByText(/labels over 1,200 users/)).toBeVisible()

  const form = page.getByRole('form', { name: 'Bulk action' })
  const labels = form.getByRole('combobox', { name: 'Labels' })
  await labels.fill('everyone')
  await labels.press('Enter')
  await labels.press('Escape')
  await form.getByRole('button', { name: 'Preview' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-users')).toHaveText('1,200')
  await expect(dialog.getByRole('button', { name: 'Run on 1,200 users' })).toBeVisible()
})

test('a labels dry run over every user says how many it has found while it lists them', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_listing_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'listing', apiKey: key, seed: 700 })
  await openSandboxProject(page, host, sandbox, { name: 'Listing shop', key, tag: 'staging' })
  // The Users screen's own list first, so it cannot take the one answer meant for the job's.
  await expect(page.getByTestId('users-count')).toContainText('700 users')
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  const labels = form.getByRole('combobox', { name: 'Labels' })
  // The Jobs screen counts the project's labels from the same endpoint; its suggestions list them
  // once it is done, so no list of its can take the one answer meant for the job's.
  await labels.focus()
  await expect(page.getByRole('option', { name: 'vip', exact: true })).toBeVisible()
  await labels.fill('everyone')
  await labels.press('Enter')
  await labels.press('Escape')
  // The job lists every user, 500 a page, before it decides any: the first page is answered, then
  // the list waits, as a big project's would, until the test lets it go on.
  const hold = sandbox.hold({
    after: 1,
    match: ({ method, path }) => method === 'GET' && path === '/v1/users',
  })
  await form.getByRole('button', { name: 'Preview' }).click()
  await hold.reached()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('preview-progress')).toHaveText('500 users found so far')
  await page.screenshot({ path: screenshotPath('bulk-labels-listing-progress') })
  hold.release()
  await expect(dialog.getByTestId('stat-users')).toHaveText('700')
  await expect(dialog.getByTestId('preview-progress')).toBeHidden()
})

test('the Labels screen says how many users it has read while it counts their labels', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_labelscan_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'labelscan', apiKey: key, seed: 700 })
  await openSandboxProject(page, host, sandbox, { name: 'Label shop', key, tag: 'staging' })
  // The Users screen lists the project first, from the same endpoint: once its list is shown, the
  // only list asked for is the count's. On a loaded machine the Users list came late, took the one
  // answer meant for the count, and left its first page waiting.
  await expect(page.getByTestId('users-count')).toContainText('700 users')
  // The count reads every user, 500 a page: the first page is answered, then the list waits.
  const hold = sandbox.hold({
    after: 1,
    match: ({ method, path }) => method === 'GET' && path === '/v1/users',
  })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Labels', { exact: true }).click()
  await hold.reached()
  await expect(page.getByText('Counting labels over every user…')).toBeVisible()
  await expect(page.getByTestId('labels-progress')).toHaveText('500 users read so far')
  await page.screenshot({ path: screenshotPath('labels-counting-progress') })
  hold.release()
  await expect(page.getByText(/labels over 700 users/)).toBeVisible()
  await expect(page.getByTestId('labels-progress')).toBeHidden()
})

test('the Jobs screen’s label picker says the labels are still being counted, not that no user has one', async ({
  page,
  host,
  startSandbox,
}) => {
  const key = 'e2e_labelpick_key_0123456789'
  const sandbox = await startSandbox({ projectId: 'labelpick', apiKey: key, seed: 700 })
  await openSandboxProject(page, host, sandbox, { name: 'Pick shop', key, tag: 'staging' })
  // The labels are counted over every user, 500 a page: the count waits after its first page.
  const hold = sandbox.hold({
    after: 1,
    match: ({ method, path }) => method === 'GET' && path === '/v1/users',
  })
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  await hold.reached()
  const form = page.getByRole('form', { name: 'Bulk action' })
  await form.getByRole('combobox', { name: 'On', exact: true }).click()
  await page.getByRole('option', { name: 'Users with label' }).click()
  await form.getByRole('combobox', { name: 'Label', exact: true }).fill('vip')
  await expect(page.getByText('Counting the labels in use; they are listed here once counted.')).toBeVisible()
  await expect(page.getByText('No user has that label')).toBeHidden()
  await page.screenshot({ path: screenshotPath('jobs-label-picker-counting') })
  hold.release()
  await page.getByRole('option', { name: 'vip', exact: true }).click()
  await expect(form.getByRole('combobox', { name: 'Label', exact: true })).toHaveValue('vip')
})

test('at 1024 px the Jobs list shows each state whole', async ({ page, host }) => {
  await page.setViewportSize({ width: 1024, height: 700 })
  const planned = await host.dispatch('labels.bulk', {
    project: 'demo',
    selection: { all: true },
    op: 'add',
    labels: ['narrow'],
  })
  expect(planned.ok).toBe(true)
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Jobs', { exact: true }).click()
  const badge = page.getByRole('table').getByText('planned', { exact: true })
  await expect(badge).toBeVisible()
  // Mantine's badge cuts its label with an ellipsis when its column is squeezed ("PL…").
  expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
})

test('the label suggestions close once Enter adds a label, so they cover no button; typing opens them again', async ({
  page,
}) => {
  await page.getByRole('navigation', { name: 'Screens' }).getByText('Labels', { exact: true }).click()
  const form = page.getByRole('form', { name: 'Bulk action' })
  const labels = form.getByRole('combobox', { name: 'Labels' })
  const vip = page.getByRole('option', { name: 'vip', exact: true })
  await labels.focus()
  await expect(vip).toBeVisible()
  // A label of its own, typed.
  await page.keyboard.type('e2enew')
  await page.keyboard.press('Enter')
  await expect(labels).toHaveAttribute('aria-expanded', 'false')
  await expect(vip).toBeHidden()
  // One of the project's, chosen from the suggestions that typing brings back.
  await page.keyboard.type('vi')
  await expect(vip).toBeVisible()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(labels).toHaveAttribute('aria-expanded', 'false')
  await expect(vip).toBeHidden()
  await page.screenshot({ path: screenshotPath('bulk-labels-suggestions-closed') })
  await form.getByRole('button', { name: 'Preview' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog.getByTestId('stat-will-change')).toHaveText('120')
  await expect(dialog.getByRole('table', { name: 'Preview' }).getByText('e2enew').first()).toBeVisible()
})
